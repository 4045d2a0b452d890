package dev.berth.api.containers;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code HostConfig}, in the create body and in inspect: the fields Berth honours (binds and mounts,
 * privileges, sysctls, limits, restart, logging, init, networking: mode, ports, links, DNS, extra hosts) and the few the CLI always sends that inspect
 * shows back. Other members are ignored as Docker ignores unknown ones. Example (docker CLI 28,
 * {@code -v /tmp:/x:ro -m 64m --cpus 1.5 --restart on-failure:3}):
 *
 * <pre>{"Binds":["/tmp:/x:ro"],"LogConfig":{"Type":"","Config":{}},"NetworkMode":"default",
 *  "RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3},"AutoRemove":false,"Memory":67108864,
 *  "NanoCpus":1500000000,"MemorySwap":0,"PidsLimit":0,"Ulimits":[],…}</pre>
 *
 * @param PortBindings {@code {"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}]}}; an empty HostPort asks for a random one
 * @param Links {@code ["redis:db"]} as the CLI sends them
 * @param PidsLimit null or 0 or -1: unlimited
 * @param ConsoleSize rows and columns of the terminal at start (the CLI's {@code [h, w]})
 * @param Sysctls {@code {"net.ipv4.ip_forward": "0"}}: namespaced kernel parameters ({@code --sysctl}, compose's
 *     {@code sysctls})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DockerHostConfig(
    List<String> Binds,
    String ContainerIDFile,
    LogConfig LogConfig,
    String NetworkMode,
    Map<String, Object> PortBindings,
    RestartPolicy RestartPolicy,
    boolean AutoRemove,
    String VolumeDriver,
    List<String> VolumesFrom,
    List<Integer> ConsoleSize,
    List<String> CapAdd,
    List<String> CapDrop,
    String CgroupnsMode,
    String IpcMode,
    String PidMode,
    boolean Privileged,
    boolean PublishAllPorts,
    boolean ReadonlyRootfs,
    List<String> SecurityOpt,
    Map<String, String> Tmpfs,
    String UTSMode,
    String UsernsMode,
    long ShmSize,
    String Isolation,
    long CpuShares,
    long Memory,
    long NanoCpus,
    String CgroupParent,
    long MemoryReservation,
    long MemorySwap,
    Long MemorySwappiness,
    Long PidsLimit,
    List<Ulimit> Ulimits,
    List<DockerMount> Mounts,
    Boolean Init,
    List<String> Links,
    List<String> Dns,
    List<String> DnsSearch,
    List<String> DnsOptions,
    List<String> ExtraHosts,
    Map<String, String> Sysctls) {

  /** {@code {"Type": "json-file", "Config": {"max-size": "10m"}}}; an empty type means the default driver. */
  public record LogConfig(String Type, Map<String, String> Config) {}

  /** {@code {"Name": "on-failure", "MaximumRetryCount": 3}}; an empty name means "no". */
  public record RestartPolicy(String Name, int MaximumRetryCount) {}

  /** {@code {"Name": "nofile", "Soft": 1024, "Hard": 2048}}. */
  public record Ulimit(String Name, long Soft, long Hard) {}
}
