package dev.berth.runtime.container;

import dev.berth.errors.InvalidArgumentException;

/**
 * Everything a container was created with, immutable once stored: Docker's create body grouped into themed
 * records, as podman groups its options. The container's name is not here but on {@link Container}, because
 * {@code rename} changes it while the configuration stays fixed; networking will get its own record.
 *
 * @param autoRemove {@code --rm}: delete the container when it exits
 * @param init {@code --init}: run a minimal init as PID 1 that reaps zombies and forwards signals
 * @param networkMode Docker's {@code HostConfig.NetworkMode} as given ({@code default}, {@code none},
 *     {@code bridge}, {@code host}); kept for inspect until networking lands
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
    String networkMode) {

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
    networkMode = networkMode == null || networkMode.isEmpty() ? "default" : networkMode;
  }

  /** Without {@code --init}, on the default network. */
  public ContainerConfig(BasicConfig basic, StorageConfig storage, SecurityConfig security, ResourceConfig resources,
      RestartPolicy restartPolicy, LogConfig log, boolean autoRemove) {
    this(basic, storage, security, resources, restartPolicy, log, autoRemove, false, null);
  }

  /** A configuration with only the basics given; everything else takes its default. */
  public static ContainerConfig of(BasicConfig basic) {
    return new ContainerConfig(basic, null, null, null, null, null, false);
  }

  public ContainerConfig withBasic(BasicConfig value) {
    return new ContainerConfig(value, storage, security, resources, restartPolicy, log, autoRemove, init, networkMode);
  }

  public ContainerConfig withStorage(StorageConfig value) {
    return new ContainerConfig(basic, value, security, resources, restartPolicy, log, autoRemove, init, networkMode);
  }

  public ContainerConfig withResources(ResourceConfig value) {
    return new ContainerConfig(basic, storage, security, value, restartPolicy, log, autoRemove, init, networkMode);
  }

  public ContainerConfig withRestartPolicy(RestartPolicy value) {
    return new ContainerConfig(basic, storage, security, resources, value, log, autoRemove, init, networkMode);
  }
}
