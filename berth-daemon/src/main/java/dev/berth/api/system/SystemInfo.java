package dev.berth.api.system;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /info} (spec: SystemInfo), with the members the docker CLI prints. Capability
 * flags are reported as the host's kernel offers them; Berth's runtime will honour them once containers
 * run. Wire names keep Docker's capitalisation.
 */
public record SystemInfo(
    String ID,
    int Containers,
    int ContainersRunning,
    int ContainersPaused,
    int ContainersStopped,
    int Images,
    String Driver,
    List<List<String>> DriverStatus,
    String DockerRootDir,
    Plugins Plugins,
    boolean MemoryLimit,
    boolean SwapLimit,
    boolean KernelMemoryTCP,
    boolean CpuCfsPeriod,
    boolean CpuCfsQuota,
    boolean CPUShares,
    boolean CPUSet,
    boolean PidsLimit,
    boolean OomKillDisable,
    boolean IPv4Forwarding,
    boolean BridgeNfIptables,
    boolean BridgeNfIp6tables,
    boolean Debug,
    int NFd,
    int NGoroutines,
    String SystemTime,
    String LoggingDriver,
    String CgroupDriver,
    String CgroupVersion,
    int NEventsListener,
    String KernelVersion,
    String OperatingSystem,
    String OSVersion,
    String OSType,
    String Architecture,
    int NCPU,
    long MemTotal,
    String IndexServerAddress,
    Map<String, Object> RegistryConfig,
    String HttpProxy,
    String HttpsProxy,
    String NoProxy,
    String Name,
    List<String> Labels,
    boolean ExperimentalBuild,
    String ServerVersion,
    Map<String, Map<String, String>> Runtimes,
    String DefaultRuntime,
    Map<String, Object> Swarm,
    boolean LiveRestoreEnabled,
    String Isolation,
    String InitBinary,
    Commit ContainerdCommit,
    Commit RuncCommit,
    Commit InitCommit,
    List<String> SecurityOptions,
    List<String> Warnings) {

  public record Plugins(List<String> Volume, List<String> Network, List<String> Authorization, List<String> Log) {}

  public record Commit(String ID) {}
}
