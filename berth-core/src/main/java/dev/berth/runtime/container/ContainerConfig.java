package dev.berth.runtime.container;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.errors.InvalidArgumentException;

/**
 * Everything a container was created with, immutable once stored: Docker's create body grouped into themed
 * records, as podman groups its options. The container's name is not here but on {@link Container}, because
 * {@code rename} changes it while the configuration stays fixed.
 *
 * <p>Stored form: containers written before networking kept only {@code "networkMode": "none"}; {@link #stored}
 * still reads that as a {@link NetworkConfig} with that mode.
 *
 * @param autoRemove {@code --rm}: delete the container when it exits
 * @param init {@code --init}: run a minimal init as PID 1 that reaps zombies and forwards signals
 * @param network how it is networked: mode, endpoints, published ports, links, DNS, extra hosts
 */
public record ContainerConfig(
    BasicConfig basic,
    StorageConfig storage,
    SecurityConfig security,
    ResourceConfig resources,
    RestartPolicy restartPolicy,
    LogConfig log,
    boolean autoRemove,
    boolean init,
    NetworkConfig network) {

  public ContainerConfig {
    if (basic == null) throw new InvalidArgumentException("invalid container config: no image given");
    storage = storage == null ? StorageConfig.NONE : storage;
    security = security == null ? SecurityConfig.DEFAULT : security;
    resources = resources == null ? ResourceConfig.UNLIMITED : resources;
    restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
    log = log == null ? LogConfig.DEFAULT : log;
    if (autoRemove && !(restartPolicy instanceof RestartPolicy.No)) {
      throw new InvalidArgumentException(
          "conflicting options: cannot combine --rm (AutoRemove) with restart policy '" + restartPolicy.text() + "'");
    }
    network = network == null ? NetworkConfig.DEFAULT : network;
  }

  /** With only a network mode, as before {@link NetworkConfig} (null or empty: the default network). */
  public ContainerConfig(BasicConfig basic, StorageConfig storage, SecurityConfig security, ResourceConfig resources,
      RestartPolicy restartPolicy, LogConfig log, boolean autoRemove, boolean init, String networkMode) {
    this(basic, storage, security, resources, restartPolicy, log, autoRemove, init, NetworkConfig.of(networkMode));
  }

  /** Reads the stored JSON, new ({@code network}) or old ({@code networkMode} only). */
  @JsonCreator
  static ContainerConfig stored(@JsonProperty("basic") BasicConfig basic, @JsonProperty("storage") StorageConfig storage,
      @JsonProperty("security") SecurityConfig security, @JsonProperty("resources") ResourceConfig resources,
      @JsonProperty("restartPolicy") RestartPolicy restartPolicy, @JsonProperty("log") LogConfig log,
      @JsonProperty("autoRemove") boolean autoRemove, @JsonProperty("init") boolean init,
      @JsonProperty("network") NetworkConfig network, @JsonProperty("networkMode") String networkMode) {
    NetworkConfig n = network != null ? network : NetworkConfig.of(networkMode);
    return new ContainerConfig(basic, storage, security, resources, restartPolicy, log, autoRemove, init, n);
  }

  /** Docker's {@code HostConfig.NetworkMode}: {@code default}, {@code bridge}, {@code none}, {@code host}, … */
  public String networkMode() {
    return network.mode();
  }

  /** Without {@code --init}, on the default network. */
  public ContainerConfig(BasicConfig basic, StorageConfig storage, SecurityConfig security, ResourceConfig resources,
      RestartPolicy restartPolicy, LogConfig log, boolean autoRemove) {
    this(basic, storage, security, resources, restartPolicy, log, autoRemove, false, NetworkConfig.DEFAULT);
  }

  /** A configuration with only the basics given; everything else takes its default. */
  public static ContainerConfig of(BasicConfig basic) {
    return new ContainerConfig(basic, null, null, null, null, null, false);
  }

  public ContainerConfig withBasic(BasicConfig value) {
    return new ContainerConfig(value, storage, security, resources, restartPolicy, log, autoRemove, init, network);
  }

  public ContainerConfig withStorage(StorageConfig value) {
    return new ContainerConfig(basic, value, security, resources, restartPolicy, log, autoRemove, init, network);
  }

  public ContainerConfig withResources(ResourceConfig value) {
    return new ContainerConfig(basic, storage, security, value, restartPolicy, log, autoRemove, init, network);
  }

  public ContainerConfig withRestartPolicy(RestartPolicy value) {
    return new ContainerConfig(basic, storage, security, resources, value, log, autoRemove, init, network);
  }

  public ContainerConfig withNetwork(NetworkConfig value) {
    return new ContainerConfig(basic, storage, security, resources, restartPolicy, log, autoRemove, init, value);
  }
}
