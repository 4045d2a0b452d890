package dev.berth.api.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the kernel offers for resource limits and networking, as {@code info} reports it, and the warnings
 * dockerd would print for what is missing. Read from /sys/fs/cgroup (v1 or unified) and /proc/sys.
 */
record KernelCapabilities(
    boolean memoryLimit, boolean swapLimit, boolean oomKillDisable, boolean cpuCfs, boolean cpuShares,
    boolean cpuSet, boolean pidsLimit, boolean ipv4Forwarding, boolean bridgeNfIptables, boolean bridgeNfIp6tables) {

  static KernelCapabilities read(Path cgroupRoot, Path procSys) {
    boolean v2 = Files.exists(cgroupRoot.resolve("cgroup.controllers"));
    String controllers = v2 ? readOr(cgroupRoot.resolve("cgroup.controllers"), "") : "";
    boolean memory = v2 ? controllers.contains("memory") : Files.isDirectory(cgroupRoot.resolve("memory"));
    boolean cpu = v2 ? controllers.contains("cpu") : Files.exists(cgroupRoot.resolve("cpu/cpu.cfs_period_us"));
    return new KernelCapabilities(
        memory,
        v2 ? memory : Files.exists(cgroupRoot.resolve("memory/memory.memsw.limit_in_bytes")),
        !v2 && Files.exists(cgroupRoot.resolve("memory/memory.oom_control")),
        cpu,
        v2 ? cpu : Files.exists(cgroupRoot.resolve("cpu/cpu.shares")),
        v2 ? controllers.contains("cpuset") : Files.isDirectory(cgroupRoot.resolve("cpuset")),
        v2 ? controllers.contains("pids") : Files.isDirectory(cgroupRoot.resolve("pids")),
        "1".equals(readOr(procSys.resolve("net/ipv4/ip_forward"), "0")),
        "1".equals(readOr(procSys.resolve("net/bridge/bridge-nf-call-iptables"), "0")),
        "1".equals(readOr(procSys.resolve("net/bridge/bridge-nf-call-ip6tables"), "0")));
  }

  static KernelCapabilities host() {
    return read(Path.of("/sys/fs/cgroup"), Path.of("/proc/sys"));
  }

  /**
   * The warnings {@code info} carries. The docker CLI prints these instead of guessing its own from the
   * flags, so they must be complete: one per missing capability, worded as dockerd words them.
   */
  List<String> warnings(boolean cgroupV2) {
    List<String> w = new ArrayList<>();
    if (!memoryLimit) w.add("WARNING: No memory limit support");
    if (!swapLimit) w.add("WARNING: No swap limit support");
    if (!oomKillDisable && !cgroupV2) w.add("WARNING: No oom kill disable support");
    if (!cpuCfs) w.add("WARNING: No cpu cfs quota support");
    if (!cpuShares) w.add("WARNING: No cpu shares support");
    if (!cpuSet) w.add("WARNING: No cpuset support");
    if (!ipv4Forwarding) w.add("WARNING: IPv4 forwarding is disabled");
    if (!bridgeNfIptables) w.add("WARNING: bridge-nf-call-iptables is disabled");
    if (!bridgeNfIp6tables) w.add("WARNING: bridge-nf-call-ip6tables is disabled");
    return w;
  }

  private static String readOr(Path p, String fallback) {
    try {
      return Files.readString(p).strip();
    } catch (IOException e) {
      return fallback;
    }
  }
}
