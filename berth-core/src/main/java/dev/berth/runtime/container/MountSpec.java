package dev.berth.runtime.container;

import dev.berth.errors.InvalidArgumentException;
import java.util.List;

/**
 * One mount the user asked for (Docker's {@code HostConfig.Mounts} entry, or a parsed {@code -v}): a bind of
 * a host path, a named or anonymous volume, or a tmpfs.
 *
 * @param source host path for a bind, volume name (empty for anonymous) for a volume, empty for tmpfs
 * @param target absolute path inside the container
 * @param options driver options, e.g. {@code "size=64m"} for tmpfs or {@code "rprivate"} for a bind
 */
public record MountSpec(Type type, String source, String target, boolean readOnly, List<String> options) {
  /** Docker's mount types that Berth supports. */
  public enum Type { BIND, VOLUME, TMPFS }

  public MountSpec {
    if (type == null) throw new InvalidArgumentException("invalid mount: no type given");
    source = source == null ? "" : source;
    options = options == null ? List.of() : List.copyOf(options);
    if (target == null || !target.startsWith("/")) {
      throw new InvalidArgumentException("invalid mount config for type \"" + type.name().toLowerCase() + "\": the target '" + target + "' must be an absolute path");
    }
    if (target.equals("/")) throw new InvalidArgumentException("invalid mount config: the target cannot be the container's root '/'");
    if (type == Type.BIND && !source.startsWith("/")) {
      throw new InvalidArgumentException("invalid mount config for type \"bind\": the source '" + source + "' must be an absolute host path");
    }
    if (type == Type.TMPFS && !source.isEmpty()) {
      throw new InvalidArgumentException("invalid mount config for type \"tmpfs\": a source '" + source + "' is not allowed");
    }
  }
}
