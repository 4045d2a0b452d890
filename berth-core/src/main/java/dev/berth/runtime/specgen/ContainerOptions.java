package dev.berth.runtime.specgen;

import java.util.Map;
import java.util.Objects;

/**
 * Everything a user chose for one container, grouped by theme. The id names the cgroup
 * ({@code /berth/<id>}) and gives the default hostname (its first 12 characters).
 */
public record ContainerOptions(
    String id,
    String hostname,
    ProcessOptions process,
    SecurityOptions security,
    ResourceOptions resources,
    StorageOptions storage,
    NetworkMode network,
    Map<String, String> sysctls) {

  public ContainerOptions {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(storage, "storage");
    security = security == null ? SecurityOptions.DEFAULT : security;
    resources = resources == null ? ResourceOptions.NONE : resources;
    network = network == null ? new NetworkMode.Private() : network;
    sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
  }

  /** The defaults for everything but the command and the root filesystem. */
  public static ContainerOptions of(String id, ProcessOptions process, StorageOptions storage) {
    return new ContainerOptions(id, null, process, null, null, storage, null, null);
  }

  public ContainerOptions withProcess(ProcessOptions p) {
    return new ContainerOptions(id, hostname, p, security, resources, storage, network, sysctls);
  }

  public ContainerOptions withStorage(StorageOptions s) {
    return new ContainerOptions(id, hostname, process, security, resources, s, network, sysctls);
  }

  public ContainerOptions withSecurity(SecurityOptions s) {
    return new ContainerOptions(id, hostname, process, s, resources, storage, network, sysctls);
  }

  public ContainerOptions withResources(ResourceOptions r) {
    return new ContainerOptions(id, hostname, process, security, r, storage, network, sysctls);
  }

  public ContainerOptions withNetwork(NetworkMode n) {
    return new ContainerOptions(id, hostname, process, security, resources, storage, n, sysctls);
  }

  public ContainerOptions withHostname(String h) {
    return new ContainerOptions(id, h, process, security, resources, storage, network, sysctls);
  }

  public ContainerOptions withSysctls(Map<String, String> s) {
    return new ContainerOptions(id, hostname, process, security, resources, storage, network, s);
  }

  /** The hostname the container gets: the chosen one, or the id's first 12 characters as Docker does. */
  public String effectiveHostname() {
    return hostname != null && !hostname.isEmpty() ? hostname : id.substring(0, Math.min(12, id.length()));
  }
}
