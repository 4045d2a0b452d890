package dev.berth.runtime.cgroups;

import java.util.Map;

/**
 * What one hierarchy's files say of a cgroup, before the host figures are added.
 *
 * @param memoryUsage bytes charged, page cache included (memory.usage_in_bytes, memory.current)
 * @param memoryLimit bytes, or -1 / a huge number when unlimited
 * @param memoryStat memory.stat, key by key
 * @param cpuTotalNanos CPU time of all its tasks
 * @param cpuUserNanos of which in user mode
 * @param cpuKernelNanos of which in kernel mode
 * @param pids tasks now
 * @param pidsLimit the pids limit, 0 when unlimited
 * @param blockRead bytes read from block devices
 * @param blockWrite bytes written to block devices
 */
record CgroupReading(
    long memoryUsage,
    long memoryLimit,
    Map<String, Long> memoryStat,
    long cpuTotalNanos,
    long cpuUserNanos,
    long cpuKernelNanos,
    long pids,
    long pidsLimit,
    long blockRead,
    long blockWrite) {
  CgroupReading {
    memoryStat = Map.copyOf(memoryStat);
  }
}
