package dev.berth.runtime.cgroups;

import java.nio.file.Path;
import java.util.Map;

/**
 * cgroup v2: one tree, {@code <root><cgroupsPath>}, with memory.current and memory.max ("max" when
 * unlimited), cpu.stat in microseconds, pids.current and io.stat ("8:0 rbytes=… wbytes=…").
 */
final class UnifiedHierarchy {
  private static final long NANOS_PER_MICRO = 1000;

  private UnifiedHierarchy() {}

  static CgroupReading read(Path root, String cgroupsPath) {
    Path dir = root.resolve(cgroupsPath.substring(1));
    Map<String, Long> cpu = CgroupFiles.keyValues(dir.resolve("cpu.stat"));
    long[] io = io(dir.resolve("io.stat"));
    long pidsMax = CgroupFiles.number(dir.resolve("pids.max"));
    return new CgroupReading(
        CgroupFiles.number(dir.resolve("memory.current")),
        CgroupFiles.number(dir.resolve("memory.max")),
        CgroupFiles.keyValues(dir.resolve("memory.stat")),
        cpu.getOrDefault("usage_usec", 0L) * NANOS_PER_MICRO,
        cpu.getOrDefault("user_usec", 0L) * NANOS_PER_MICRO,
        cpu.getOrDefault("system_usec", 0L) * NANOS_PER_MICRO,
        CgroupFiles.number(dir.resolve("pids.current")),
        Math.max(pidsMax, 0),
        io[0],
        io[1]);
  }

  static long[] io(Path ioStat) {
    String t = CgroupFiles.text(ioStat);
    long read = 0;
    long write = 0;
    if (t != null) {
      for (String line : t.split("\n")) {
        for (String field : line.strip().split("\\s+")) {
          if (field.startsWith("rbytes=")) read += CgroupFiles.parse(field.substring("rbytes=".length()));
          if (field.startsWith("wbytes=")) write += CgroupFiles.parse(field.substring("wbytes=".length()));
        }
      }
    }
    return new long[] {read, write};
  }
}
