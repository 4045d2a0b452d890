package dev.berth.api.system;

import dev.berth.api.ApiContext;
import dev.berth.api.BerthVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Assembles {@link SystemInfo} from the daemon's context, the host's facts and the kernel's capabilities. */
final class SystemInfoBuilder {
  private SystemInfoBuilder() {}

  static SystemInfo build(ApiContext context, HostFacts host, KernelCapabilities caps, int images) {
    boolean v2 = "2".equals(host.cgroupVersion());
    return new SystemInfo(
        context.engineId(),
        0, 0, 0, 0,
        images,
        context.storageDriver(),
        List.of(),
        context.dataRoot().toString(),
        new SystemInfo.Plugins(List.of("local"), List.of("host", "none"), null, List.of("json-file")),
        caps.memoryLimit(),
        caps.swapLimit(),
        false,
        caps.cpuCfs(),
        caps.cpuCfs(),
        caps.cpuShares(),
        caps.cpuSet(),
        caps.pidsLimit(),
        caps.oomKillDisable(),
        caps.ipv4Forwarding(),
        caps.bridgeNfIptables(),
        caps.bridgeNfIp6tables(),
        context.debug(),
        0,
        Thread.activeCount(),
        Instant.now().toString(),
        "json-file",
        "cgroupfs",
        host.cgroupVersion(),
        0,
        host.kernelVersion(),
        host.operatingSystem(),
        host.osVersion(),
        "linux",
        host.machine(),
        host.ncpu(),
        host.memTotal(),
        "https://index.docker.io/v1/",
        Map.of("InsecureRegistryCIDRs", List.of("127.0.0.0/8"), "IndexConfigs", Map.of(), "Mirrors", List.of()),
        "",
        "",
        "",
        host.hostname(),
        List.of(),
        false,
        BerthVersion.ENGINE,
        Map.of("runc", Map.of("path", "runc")),
        "runc",
        Map.of("LocalNodeState", "inactive", "NodeID", "", "NodeAddr", "", "ControlAvailable", false, "Error", "", "RemoteManagers", List.of()),
        false,
        "",
        "",
        new SystemInfo.Commit(""),
        new SystemInfo.Commit(""),
        new SystemInfo.Commit(""),
        List.of(),
        caps.warnings(v2));
  }
}
