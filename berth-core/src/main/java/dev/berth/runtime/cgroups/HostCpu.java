package dev.berth.runtime.cgroups;

import java.nio.file.Path;

/**
 * The host figures docker's CPU percentage and memory limit are computed against, read as dockerd reads
 * them: the total CPU time from the first line of {@code /proc/stat} (user, nice, system, idle, iowait,
 * irq and softirq, in clock ticks of 1/100 s, turned into nanoseconds), the online CPUs from
 * {@code /sys/devices/system/cpu/online} ("0-3,6"), and {@code MemTotal} from {@code /proc/meminfo}.
 */
final class HostCpu {
  private static final long NANOS_PER_TICK = 1_000_000_000L / 100;
  private static final int SUMMED_FIELDS = 7;

  private HostCpu() {}

  static long systemCpuNanos(Path procStat) {
    String t = CgroupFiles.text(procStat);
    if (t == null) return 0;
    for (String line : t.split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length > SUMMED_FIELDS && f[0].equals("cpu")) {
        long ticks = 0;
        for (int i = 1; i <= SUMMED_FIELDS; i++) ticks += CgroupFiles.parse(f[i]);
        return ticks * NANOS_PER_TICK;
      }
    }
    return 0;
  }

  /** The number of CPUs in a kernel CPU list ("0-1", "0,2-3"); falls back to the JVM's count. */
  static int onlineCpus(Path cpuOnline) {
    String t = CgroupFiles.text(cpuOnline);
    if (t == null || t.isBlank()) return Runtime.getRuntime().availableProcessors();
    int count = 0;
    for (String range : t.strip().split(",")) {
      String[] ends = range.split("-");
      long from = CgroupFiles.parse(ends[0].strip());
      long to = ends.length > 1 ? CgroupFiles.parse(ends[1].strip()) : from;
      count += (int) (to - from + 1);
    }
    return count;
  }

  /** MemTotal in bytes, or 0 when unknown. */
  static long memTotal(Path meminfo) {
    String t = CgroupFiles.text(meminfo);
    if (t == null) return 0;
    for (String line : t.split("\n")) {
      if (line.startsWith("MemTotal:")) {
        String[] f = line.substring("MemTotal:".length()).strip().split("\\s+");
        long value = CgroupFiles.parse(f[0]);
        return f.length > 1 && f[1].equalsIgnoreCase("kB") ? value * 1024 : value;
      }
    }
    return 0;
  }
}
