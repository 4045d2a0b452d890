package dev.berth.api.containers;

import dev.berth.engine.ContainerService;
import java.util.List;
import java.util.Map;

/**
 * One sample of {@code GET /containers/{id}/stats} in Docker's shape (the parts the CLI reads). Example:
 *
 * <pre>{"read":"2026-11-28T08:00:01.5Z","preread":"2026-11-28T08:00:00.5Z","name":"/web","id":"3f2a…",
 *  "pids_stats":{"current":3},"blkio_stats":{"io_service_bytes_recursive":[{"major":0,"minor":0,"op":"read","value":0},…]},
 *  "cpu_stats":{"cpu_usage":{"total_usage":123,"usage_in_kernelmode":0,"usage_in_usermode":0},
 *               "system_cpu_usage":456,"online_cpus":2,"throttling_data":{…}},
 *  "precpu_stats":{…},"memory_stats":{"usage":1048576,"limit":67108864,"stats":{}},"networks":{}}</pre>
 */
public record StatsJson(
    String read,
    String preread,
    String name,
    String id,
    PidsStats pids_stats,
    BlkioStats blkio_stats,
    int num_procs,
    Map<String, Object> storage_stats,
    CpuStats cpu_stats,
    CpuStats precpu_stats,
    MemoryStats memory_stats,
    Map<String, Object> networks) {

  public record PidsStats(long current) {}

  public record BlkioStats(List<BlkioEntry> io_service_bytes_recursive) {}

  public record BlkioEntry(int major, int minor, String op, long value) {}

  public record CpuStats(CpuUsage cpu_usage, long system_cpu_usage, int online_cpus, Throttling throttling_data) {
    static final CpuStats EMPTY = new CpuStats(new CpuUsage(0, 0, 0), 0, 0, new Throttling(0, 0, 0));
  }

  public record CpuUsage(long total_usage, long usage_in_kernelmode, long usage_in_usermode) {}

  public record Throttling(long periods, long throttled_periods, long throttled_time) {}

  public record MemoryStats(long usage, long limit, Map<String, Long> stats) {}

  /** {@code now} as the current sample and {@code previous} (null: none) as {@code precpu_stats}. */
  public static StatsJson of(String id, String name, ContainerService.Stats now, ContainerService.Stats previous) {
    return new StatsJson(
        ApiTimes.rfc3339(now.read()),
        ApiTimes.rfc3339(previous == null ? null : previous.read()),
        name,
        id,
        new PidsStats(now.pids()),
        new BlkioStats(List.of(new BlkioEntry(0, 0, "read", now.blockRead()), new BlkioEntry(0, 0, "write", now.blockWrite()))),
        0,
        Map.of(),
        cpu(now),
        previous == null ? CpuStats.EMPTY : cpu(previous),
        new MemoryStats(now.memoryUsage(), now.memoryLimit(), Map.of()),
        Map.of());
  }

  private static CpuStats cpu(ContainerService.Stats s) {
    return new CpuStats(new CpuUsage(s.cpuTotalNanos(), 0, 0), s.systemCpuNanos(), s.onlineCpus(), new Throttling(0, 0, 0));
  }
}
