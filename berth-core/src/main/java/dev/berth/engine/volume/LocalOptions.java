package dev.berth.engine.volume;

import dev.berth.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local driver's options, as {@code docker volume create -o} takes them: {@code type} (a filesystem type,
 * {@code none} for a bind), {@code device} (what to mount) and {@code o} (mount(8)-style options). {@code type}
 * and {@code device} come together, and {@code o} needs both, as dockerd requires. The {@code o} string splits
 * into mount(2) flags ({@code bind}, {@code ro}, {@code nosuid}, …) and the filesystem's own data
 * ({@code size=64m,uid=1000}).
 *
 * @param flags the mount(2) flags the {@code o} words stand for
 * @param data what remains of {@code o}, for the filesystem, or null
 */
record LocalOptions(String type, String device, long flags, String data) {
  static final long MS_RDONLY = 1;
  static final long MS_BIND = 4096;
  static final long MS_REMOUNT = 32;
  private static final long MS_REC = 16384;
  private static final Set<String> KNOWN = Set.of("type", "device", "o");
  private static final Map<String, Long> FLAGS = Map.ofEntries(
      Map.entry("ro", MS_RDONLY), Map.entry("rw", 0L), Map.entry("defaults", 0L),
      Map.entry("nosuid", 2L), Map.entry("suid", 0L), Map.entry("nodev", 4L), Map.entry("dev", 0L),
      Map.entry("noexec", 8L), Map.entry("exec", 0L), Map.entry("sync", 16L), Map.entry("async", 0L),
      Map.entry("dirsync", 128L), Map.entry("noatime", 1024L), Map.entry("atime", 0L),
      Map.entry("nodiratime", 2048L), Map.entry("diratime", 0L), Map.entry("relatime", 1L << 21),
      Map.entry("strictatime", 1L << 24), Map.entry("bind", MS_BIND), Map.entry("rbind", MS_BIND | MS_REC));

  /**
   * Checks the options of a new volume; InvalidArgumentException names the first problem. An empty map is a
   * plain directory volume and needs nothing mounted.
   */
  static LocalOptions parse(Map<String, String> options) {
    if (options.isEmpty()) return null;
    for (String key : options.keySet().stream().sorted().toList()) {
      if (!KNOWN.contains(key)) throw new InvalidArgumentException("create volume: invalid option: \"" + key + "\" (the local driver takes type, device and o)");
    }
    require(options, "type", "device");
    require(options, "device", "type");
    require(options, "o", "device");
    require(options, "o", "type");
    String type = options.get("type");
    String device = options.get("device");
    if (type.isBlank() || device.isBlank()) throw new InvalidArgumentException("create volume: the options type and device must not be empty");
    long flags = 0;
    List<String> data = new ArrayList<>();
    for (String word : options.getOrDefault("o", "").split(",")) {
      if (word.isBlank()) continue;
      Long flag = FLAGS.get(word.strip());
      if (flag != null) flags |= flag;
      else data.add(word.strip());
    }
    return new LocalOptions(type, device, flags, data.isEmpty() ? null : String.join(",", data));
  }

  private static void require(Map<String, String> options, String given, String needed) {
    if (options.containsKey(given) && !options.containsKey(needed)) {
      throw new InvalidArgumentException("create volume: missing required option: \"" + needed + "\" (needed with \"" + given + "\")");
    }
  }

  boolean bind() {
    return (flags & MS_BIND) != 0;
  }

  /** The filesystem type for mount(2): a bind passes none. */
  String fsType() {
    return bind() ? "none" : type;
  }
}
