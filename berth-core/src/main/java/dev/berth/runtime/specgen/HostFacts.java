package dev.berth.runtime.specgen;

import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this host allows, read once: the current rlimits (a container can never get more than the daemon's
 * hard limits, since root here lacks CAP_SYS_RESOURCE), the number of CPUs, and the capabilities the daemon
 * itself may hand out (here CAP_SYS_RESOURCE is missing even for root).
 *
 * @param limits rlimit type (RLIMIT_NOFILE) to the current limits; {@link dev.berth.runtime.spec.Process.Rlimit#UNLIMITED} for unlimited
 * @param cpus online CPUs
 * @param capabilityBounding this process's bounding set (CapBnd): a container can get no capability outside it
 */
public record HostFacts(Map<String, Limit> limits, int cpus, long capabilityBounding) {
  public HostFacts {
    limits = Map.copyOf(limits);
    if (cpus < 1) {
      throw new IllegalArgumentException("host facts: cpus must be at least 1, got " + cpus);
    }
  }

  /** A soft and hard limit; -1 is unlimited. */
  public record Limit(long soft, long hard) {}

  private static final Map<String, String> PROC_NAMES = Map.ofEntries(
      Map.entry("Max cpu time", "RLIMIT_CPU"), Map.entry("Max file size", "RLIMIT_FSIZE"),
      Map.entry("Max data size", "RLIMIT_DATA"), Map.entry("Max stack size", "RLIMIT_STACK"),
      Map.entry("Max core file size", "RLIMIT_CORE"), Map.entry("Max resident set", "RLIMIT_RSS"),
      Map.entry("Max processes", "RLIMIT_NPROC"), Map.entry("Max open files", "RLIMIT_NOFILE"),
      Map.entry("Max locked memory", "RLIMIT_MEMLOCK"), Map.entry("Max address space", "RLIMIT_AS"),
      Map.entry("Max file locks", "RLIMIT_LOCKS"), Map.entry("Max pending signals", "RLIMIT_SIGPENDING"),
      Map.entry("Max msgqueue size", "RLIMIT_MSGQUEUE"), Map.entry("Max nice priority", "RLIMIT_NICE"),
      Map.entry("Max realtime priority", "RLIMIT_RTPRIO"), Map.entry("Max realtime timeout", "RLIMIT_RTTIME"));

  /** This process's limits (from /proc/self/limits) and CPU count. */
  public static HostFacts current() {
    try {
      return new HostFacts(parseLimits(Files.readAllLines(Path.of("/proc/self/limits"))),
          Runtime.getRuntime().availableProcessors(), parseBounding(Files.readAllLines(Path.of("/proc/self/status"))));
    } catch (IOException e) {
      throw new SystemException("read host limits: cannot read /proc/self: " + e.getMessage(), e);
    }
  }

  /** The CapBnd line of /proc/PID/status, a hex mask; every capability if the line is missing. */
  static long parseBounding(List<String> statusLines) {
    return statusLines.stream()
        .filter(l -> l.startsWith("CapBnd:"))
        .map(l -> Long.parseUnsignedLong(l.substring("CapBnd:".length()).strip(), 16))
        .findFirst()
        .orElse(-1L);
  }

  /** True when the daemon holds this capability (CAP_ name) and can therefore pass it on. */
  public boolean hasCapability(String cap) {
    int bit = CapabilitySet.ALL.indexOf(cap);
    return bit >= 0 && (capabilityBounding & (1L << bit)) != 0;
  }

  /** Parses the table of /proc/PID/limits: "Max open files  1024  20000  files". */
  static Map<String, Limit> parseLimits(List<String> lines) {
    Map<String, Limit> limits = new HashMap<>();
    for (String line : lines) {
      for (var e : PROC_NAMES.entrySet()) {
        if (line.startsWith(e.getKey() + " ")) {
          String[] cols = line.substring(e.getKey().length()).trim().split("\\s+");
          if (cols.length >= 2) {
            limits.put(e.getValue(), new Limit(value(cols[0]), value(cols[1])));
          }
        }
      }
    }
    return limits;
  }

  private static long value(String text) {
    return text.equals("unlimited") ? -1 : Long.parseLong(text);
  }

  /** The hard limit for an rlimit type, -1 when unlimited or unknown. */
  public long hardLimit(String rlimitType) {
    Limit l = limits.get(rlimitType);
    return l == null ? -1 : l.hard();
  }
}
