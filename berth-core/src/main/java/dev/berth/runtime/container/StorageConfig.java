package dev.berth.runtime.container;

import dev.berth.errors.InvalidArgumentException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The container's filesystem: mounts, anonymous volume paths ({@code Config.Volumes}, from the image or
 * {@code -v /path}), tmpfs mounts ({@code --tmpfs /run:size=64m}), and a read-only root.
 *
 * @param volumes absolute paths, sorted
 * @param tmpfs target path to mount options (empty for defaults)
 * @param volumesFrom {@code --volumes-from}: containers whose mounts this one gets too, each {@code name[:ro|:rw]}
 */
public record StorageConfig(List<MountSpec> mounts, List<String> volumes, Map<String, String> tmpfs, boolean readOnly, List<String> volumesFrom) {
  public static final StorageConfig NONE = new StorageConfig(null, null, null, false);

  /** Without {@code --volumes-from}. */
  public StorageConfig(List<MountSpec> mounts, List<String> volumes, Map<String, String> tmpfs, boolean readOnly) {
    this(mounts, volumes, tmpfs, readOnly, null);
  }

  public StorageConfig {
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    volumes = volumes == null ? List.of() : sortedPaths(volumes);
    tmpfs = tmpfs == null ? Map.of() : Map.copyOf(tmpfs);
    for (String target : tmpfs.keySet()) {
      if (!target.startsWith("/")) throw new InvalidArgumentException("invalid tmpfs mount '" + target + "': the target must be an absolute path");
    }
    Set<String> targets = new HashSet<>();
    for (MountSpec m : mounts) {
      if (!targets.add(m.target())) throw new InvalidArgumentException("Duplicate mount point: " + m.target());
    }
    for (String t : tmpfs.keySet()) {
      if (!targets.add(t)) throw new InvalidArgumentException("Duplicate mount point: " + t);
    }
    volumesFrom = volumesFrom == null ? List.of() : List.copyOf(volumesFrom);
    for (String v : volumesFrom) checkVolumesFrom(v);
  }

  private static void checkVolumesFrom(String spec) {
    if (spec == null || spec.isEmpty() || spec.startsWith(":")) {
      throw new InvalidArgumentException("invalid --volumes-from '" + spec + "': expected a container name, optionally with :ro or :rw");
    }
    int colon = spec.indexOf(':');
    String mode = colon < 0 ? "" : spec.substring(colon + 1);
    if (!mode.isEmpty() && !mode.equals("ro") && !mode.equals("rw")) {
      throw new InvalidArgumentException("invalid --volumes-from '" + spec + "': mode '" + mode + "' is not ro or rw");
    }
  }

  private static List<String> sortedPaths(List<String> paths) {
    for (String p : paths) {
      if (p == null || !p.startsWith("/")) throw new InvalidArgumentException("invalid volume '" + p + "': the path must be absolute");
    }
    return List.copyOf(new TreeSet<>(paths));
  }

  public StorageConfig withVolumes(List<String> value) {
    return new StorageConfig(mounts, value, tmpfs, readOnly, volumesFrom);
  }

  public StorageConfig withMounts(List<MountSpec> value) {
    return new StorageConfig(value, volumes, tmpfs, readOnly, volumesFrom);
  }
}
