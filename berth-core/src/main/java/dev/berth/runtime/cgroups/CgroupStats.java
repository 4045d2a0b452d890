package dev.berth.runtime.cgroups;

import dev.berth.errors.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code docker stats} sample of a container's cgroup ({@code cgroupsPath} as in its runtime spec,
 * "/berth/<id>"). The hierarchy is chosen by what the machine mounts: a unified root (a
 * {@code cgroup.controllers} file at the cgroup root) is v2, anything else v1 with one directory per
 * controller. Files that do not exist read as zero, so a stopped container (its cgroup removed) gives
 * zeros where the engine wants them, and the host figures still.
 *
 * <p>The memory figures are the ones the docker CLI shows: usage without the inactive page cache
 * ({@code total_inactive_file} under v1, {@code inactive_file} under v2), and the limit capped at the host's
 * memory, as dockerd reports an unlimited container.
 */
public final class CgroupStats {
  private static final CgroupStats HOST =
      new CgroupStats(Path.of("/sys/fs/cgroup"), Path.of("/proc"), Path.of("/sys/devices/system/cpu/online"));

  private final Path cgroupRoot;
  private final Path proc;
  private final Path cpuOnline;

  /**
   * @param cgroupRoot where cgroups are mounted ({@code /sys/fs/cgroup})
   * @param proc procfs ({@code /proc}: stat and meminfo are read)
   * @param cpuOnline the kernel's online CPU list ({@code /sys/devices/system/cpu/online})
   */
  public CgroupStats(Path cgroupRoot, Path proc, Path cpuOnline) {
    this.cgroupRoot = Objects.requireNonNull(cgroupRoot, "cgroupRoot");
    this.proc = Objects.requireNonNull(proc, "proc");
    this.cpuOnline = Objects.requireNonNull(cpuOnline, "cpuOnline");
  }

  /** A sample of {@code cgroupsPath} on this host. */
  public static Sample read(String cgroupsPath) {
    return HOST.sample(cgroupsPath);
  }

  /**
   * One sample.
   *
   * @param read when it was taken
   * @param memoryUsage bytes in use, without the inactive page cache (what docker stats shows)
   * @param memoryRawUsage bytes charged to the cgroup, page cache included
   * @param memoryLimit the limit in bytes, the host's memory when unlimited
   * @param memoryStat the cgroup's memory.stat, key by key
   * @param cpuTotalNanos CPU time used by the container
   * @param cpuUserNanos of which in user mode
   * @param cpuKernelNanos of which in kernel mode
   * @param systemCpuNanos CPU time of the whole host since boot (docker's system_cpu_usage)
   * @param onlineCpus CPUs online on the host
   * @param pids tasks in the container
   * @param pidsLimit its pids limit, 0 when unlimited
   * @param blockRead bytes read from block devices
   * @param blockWrite bytes written to block devices
   */
  public record Sample(
      Instant read,
      long memoryUsage,
      long memoryRawUsage,
      long memoryLimit,
      Map<String, Long> memoryStat,
      long cpuTotalNanos,
      long cpuUserNanos,
      long cpuKernelNanos,
      long systemCpuNanos,
      int onlineCpus,
      long pids,
      long pidsLimit,
      long blockRead,
      long blockWrite) {
    public Sample {
      memoryStat = Map.copyOf(memoryStat);
    }
  }

  public Sample sample(String cgroupsPath) {
    String path = checked(cgroupsPath);
    Instant now = Instant.now();
    CgroupReading r = unified() ? UnifiedHierarchy.read(cgroupRoot, path) : LegacyHierarchy.read(cgroupRoot, path);
    long memTotal = HostCpu.memTotal(proc.resolve("meminfo"));
    return new Sample(now, workingSet(r), r.memoryUsage(), limit(r.memoryLimit(), memTotal), r.memoryStat(),
        r.cpuTotalNanos(), r.cpuUserNanos(), r.cpuKernelNanos(), HostCpu.systemCpuNanos(proc.resolve("stat")),
        HostCpu.onlineCpus(cpuOnline), r.pids(), r.pidsLimit(), r.blockRead(), r.blockWrite());
  }

  /** True when the cgroup root is a v2 unified mount. */
  public boolean unified() {
    return Files.exists(cgroupRoot.resolve("cgroup.controllers"));
  }

  /** Usage minus inactive file cache, as the docker CLI computes it (v1 key first, then v2's). */
  static long workingSet(CgroupReading r) {
    long usage = r.memoryUsage();
    Long inactive = r.memoryStat().get("total_inactive_file");
    if (inactive == null) inactive = r.memoryStat().get("inactive_file");
    return inactive != null && inactive < usage ? usage - inactive : usage;
  }

  /** An unlimited (-1, or v1's page-rounded 2^63) or larger-than-host limit is reported as the host's memory. */
  static long limit(long limit, long memTotal) {
    if (memTotal <= 0) return Math.max(limit, 0);
    return limit < 0 || limit > memTotal ? memTotal : limit;
  }

  /** An absolute cgroup path without "." or ".." components, so it can only name a cgroup below the root. */
  private static String checked(String cgroupsPath) {
    if (cgroupsPath == null || !cgroupsPath.startsWith("/") || cgroupsPath.length() < 2) {
      throw new InvalidArgumentException("read stats: cgroups path must be absolute, got \"" + cgroupsPath + "\"");
    }
    for (String part : cgroupsPath.substring(1).split("/")) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new InvalidArgumentException("read stats: invalid cgroups path \"" + cgroupsPath + "\"");
      }
    }
    return cgroupsPath;
  }
}
