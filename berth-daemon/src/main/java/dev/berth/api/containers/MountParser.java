package dev.berth.api.containers;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.runtime.container.MountSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Docker's two ways to ask for a mount, as {@link MountSpec}s: a {@code HostConfig.Binds} string
 * ({@code /host:/ctr[:ro]}, {@code name:/ctr[:ro]}, or a bare {@code /ctr} for an anonymous volume) and a
 * {@code HostConfig.Mounts} entry (bind, volume or tmpfs).
 */
final class MountParser {
  private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
  private static final Set<String> BIND_MODES = Set.of("z", "Z", "nocopy", "shared", "rshared", "slave", "rslave",
      "private", "rprivate", "consistent", "cached", "delegated");

  private MountParser() {}

  /** One {@code Binds} entry. */
  static MountSpec bind(String spec) {
    if (spec == null || spec.isEmpty()) throw invalidBind(spec, "it is empty");
    String[] parts = spec.split(":", -1);
    if (parts.length > 3) throw invalidBind(spec, "too many colons (want source:destination[:mode])");
    if (parts.length == 1) return new MountSpec(MountSpec.Type.VOLUME, "", parts[0], false, List.of());
    String source = parts[0];
    String target = parts[1];
    if (source.isEmpty()) throw invalidBind(spec, "the source is empty");
    if (target.isEmpty()) throw invalidBind(spec, "the destination is empty");
    boolean readOnly = false;
    List<String> options = new ArrayList<>();
    if (parts.length == 3) {
      for (String mode : parts[2].split(",", -1)) {
        switch (mode) {
          case "ro" -> readOnly = true;
          case "rw" -> readOnly = false;
          default -> {
            if (!BIND_MODES.contains(mode)) throw invalidBind(spec, "invalid mode: " + mode);
            options.add(mode);
          }
        }
      }
    }
    if (source.startsWith("/")) return new MountSpec(MountSpec.Type.BIND, source, target, readOnly, options);
    checkVolumeName(source, spec);
    return new MountSpec(MountSpec.Type.VOLUME, source, target, readOnly, options);
  }

  /** One {@code Mounts} entry. */
  static MountSpec mount(DockerMount m) {
    String type = m.Type() == null ? "" : m.Type();
    String target = m.Target();
    if (target == null || target.isEmpty()) throw new InvalidArgumentException("invalid mount config for type \"" + type + "\": field Target must not be empty");
    String source = m.Source() == null ? "" : m.Source();
    List<String> options = new ArrayList<>();
    return switch (type) {
      case "bind" -> {
        if (source.isEmpty()) throw new InvalidArgumentException("invalid mount config for type \"bind\": field Source must not be empty");
        if (m.BindOptions() != null && m.BindOptions().Propagation() != null && !m.BindOptions().Propagation().isEmpty()) {
          options.add(m.BindOptions().Propagation());
        }
        if (m.BindOptions() != null && m.BindOptions().NonRecursive()) options.add("bind");
        yield new MountSpec(MountSpec.Type.BIND, source, target, m.ReadOnly(), options);
      }
      case "volume" -> {
        if (!source.isEmpty()) checkVolumeName(source, source + ":" + target);
        DockerMount.VolumeOptions v = m.VolumeOptions();
        if (v != null && v.NoCopy()) options.add("nocopy");
        if (v != null && v.DriverConfig() != null && v.DriverConfig().Name() != null
            && !v.DriverConfig().Name().isEmpty() && !v.DriverConfig().Name().equals("local")) {
          throw new InvalidArgumentException("invalid mount config for type \"volume\": volume driver \"" + v.DriverConfig().Name() + "\" is not supported (only local)");
        }
        yield new MountSpec(MountSpec.Type.VOLUME, source, target, m.ReadOnly(), options);
      }
      case "tmpfs" -> {
        if (!source.isEmpty()) throw new InvalidArgumentException("invalid mount config for type \"tmpfs\": field Source must be empty");
        DockerMount.TmpfsOptions t = m.TmpfsOptions();
        if (t != null && t.SizeBytes() < 0) throw new InvalidArgumentException("invalid mount config for type \"tmpfs\": SizeBytes must not be negative");
        if (t != null && t.SizeBytes() > 0) options.add("size=" + t.SizeBytes());
        if (t != null && t.Mode() != 0) options.add("mode=" + Long.toOctalString(t.Mode()));
        yield new MountSpec(MountSpec.Type.TMPFS, "", target, m.ReadOnly(), options);
      }
      default -> throw new InvalidArgumentException("invalid mount config: mount type \"" + type + "\" is not supported (use bind, volume or tmpfs)");
    };
  }

  private static void checkVolumeName(String name, String spec) {
    if (!VOLUME_NAME.matcher(name).matches()) {
      throw invalidBind(spec, "\"" + name + "\" includes invalid characters for a local volume name, only "
          + "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed; if you intended to pass a host directory, use an absolute path");
    }
  }

  private static InvalidArgumentException invalidBind(String spec, String why) {
    return new InvalidArgumentException("invalid volume specification: '" + spec + "': " + why);
  }
}
