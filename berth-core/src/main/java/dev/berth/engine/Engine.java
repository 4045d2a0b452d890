package dev.berth.engine;

import dev.berth.engine.events.EventBus;
import dev.berth.engine.image.EngineArchive;
import dev.berth.engine.image.LocalImageService;
import dev.berth.engine.container.DeferredHealthWatcher;
import dev.berth.engine.container.HealthWatcher;
import dev.berth.engine.container.LocalContainerService;
import dev.berth.engine.container.VolumeUsers;
import dev.berth.engine.exec.LocalExecService;
import dev.berth.engine.network.ContainerNetworking;
import dev.berth.engine.network.LocalNetworkService;
import dev.berth.network.NetworkDefaults;
import dev.berth.engine.health.HealthMonitor;
import dev.berth.engine.volume.LocalVolumeService;
import dev.berth.errors.NotFoundException;
import dev.berth.runtime.container.Healthcheck;
import dev.berth.runtime.specgen.HostFacts;
import dev.berth.errors.SystemException;
import dev.berth.runtime.container.DiskContainerStore;
import dev.berth.runtime.monitor.Conmon;
import dev.berth.image.content.LocalContentStore;
import dev.berth.image.store.JsonImageStore;
import dev.berth.storage.Snapshotter;
import dev.berth.storage.Snapshotters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The engine: opens the stores under a data root and hands out the services. One per berthd.
 * Front ends hold an Engine and call only its services.
 */
public final class Engine implements AutoCloseable {
  private final EngineConfig config;
  private final EventBus events;
  private final ImageService images;
  private final Snapshotter snapshotter;
  private final AutoCloseable resources;
  private final Runtimes runtimes;
  private final BuildService builds;
  private final StackService stacks;

  /**
   * The container side: volumes always; containers, execs and health checks when this host has conmon and
   * runc ({@code unavailable} says why not otherwise).
   */
  private record Runtimes(LocalVolumeService volumes, LocalContainerService containers, LocalExecService execs,
      HealthMonitor health, String unavailable, LocalNetworkService networks, ContainerNetworking networking) {}

  private Engine(EngineConfig config, EventBus events, ImageService images, Snapshotter snapshotter, AutoCloseable resources,
      Runtimes runtimes) {
    this.config = config;
    this.events = events;
    this.images = images;
    this.snapshotter = snapshotter;
    this.resources = resources;
    this.runtimes = runtimes;
    this.builds = new dev.berth.engine.build.LocalBuildService(images, this::containers,
        config.dataRoot().resolve("builder"), events);
    this.stacks = new dev.berth.engine.stack.LocalStackService(this::containers, runtimes.networks(), runtimes.volumes(), images,
        config.dataRoot().resolve("stacks"));
  }

  /**
   * Opens (creating if needed) the stores under {@code config.dataRoot()} with the chosen storage driver:
   * {@code content/} (blobs), {@code images/} (names and IDs), {@code storage/<driver>/} (snapshots) and
   * {@code tmp/} (scratch space, emptied here). A missing driver name means the default, overlay. One garbage
   * collection runs before the engine is handed out, so what a crash left (an {@code extract-} snapshot, a blob
   * written for an image that never got registered) does not linger.
   */
  public static Engine open(EngineConfig config) {
    Path root = config.dataRoot().toAbsolutePath();
    String driver = config.storageDriver() == null ? EngineConfig.DEFAULT_STORAGE_DRIVER : config.storageDriver();
    Path tmp = root.resolve("tmp");
    try {
      Files.createDirectories(root);
      emptyDirectory(tmp);
    } catch (IOException e) {
      throw new SystemException("opening the engine at " + root + ": " + e.getMessage(), e);
    }
    var content = LocalContentStore.open(root.resolve("content"));
    var store = JsonImageStore.open(root.resolve("images"));
    Snapshotter snapshotter = Snapshotters.open(driver, root.resolve("storage").resolve(driver));
    try {
      EventBus events = new EventBus();
      ImageService images = new LocalImageService(store, content, snapshotter, EngineArchive.LAYER_APPLIER,
          new EngineArchive(), events, tmp, registryAccess(config.registry()));
      images.collectGarbage();
      Path execRoot = (config.execRoot() == null ? EngineConfig.DEFAULT_EXEC_ROOT : config.execRoot()).toAbsolutePath();
      EngineConfig resolved = new EngineConfig(root, execRoot, driver, config.network(), config.registry());
      return new Engine(resolved, events, images, snapshotter, snapshotter::close,
          runtimes(root, execRoot, events, images, snapshotter, config.network()));
    } catch (RuntimeException e) {
      snapshotter.close();
      throw e;
    }
  }

  /** The daemon's registry options, with credentials from docker's config.json (read again at each lookup). */
  private static dev.berth.registry.RegistryAccess registryAccess(dev.berth.registry.RegistryOptions options) {
    var defaults = dev.berth.registry.RegistryAccess.defaults();
    return options == null ? defaults : new dev.berth.registry.RegistryAccess(options, defaults.credentials());
  }

  /**
   * Volumes under {@code <dataRoot>/volumes}, containers under {@code <dataRoot>/containers} with their
   * runtime state under the exec root, execs, and health checks run through the execs.
   */
  private static Runtimes runtimes(Path root, Path execRoot, EventBus events, ImageService images, Snapshotter snapshotter,
      NetworkDefaults network) {
    DiskContainerStore store = DiskContainerStore.open(root);
    LocalVolumeService volumes = LocalVolumeService.open(root.resolve("volumes"), events, name -> VolumeUsers.of(store, name));
    LocalNetworkService networks = LocalNetworkService.open(root.resolve("networks"),
        network != null ? network : NetworkDefaults.of(execRoot), events);
    Conmon conmon;
    try {
      conmon = Conmon.atExecRoot(execRoot);
    } catch (NotFoundException e) {
      return new Runtimes(volumes, null, null, null, e.getMessage(), networks, null);
    }
    ContainerNetworking networking = network == null ? null : ContainerNetworking.open(networks, execRoot);
    DeferredHealthWatcher health = new DeferredHealthWatcher();
    LocalContainerService containers = new LocalContainerService(store, images, snapshotter, () -> volumes, events, conmon,
        execRoot, health, networking);
    LocalExecService execs = new LocalExecService(containers::inspect, conmon.runc(), events, execRoot.resolve("exec"),
        HostFacts.current());
    HealthMonitor monitor = new HealthMonitor(execs, events, HealthMonitor.attributesOf(containers::inspect));
    health.delegateTo(new HealthWatcher() {
      @Override
      public void watch(String containerId, Healthcheck healthcheck) {
        monitor.watch(containerId, healthcheck);
      }

      @Override
      public void unwatch(String containerId) {
        monitor.unwatch(containerId);
      }

      @Override
      public void forget(String containerId) {
        monitor.forget(containerId);
      }

      @Override
      public ContainerView.Health health(String containerId) {
        return monitor.health(containerId);
      }
    });
    return new Runtimes(volumes, containers, execs, monitor, null, networks, networking);
  }

  private static void emptyDirectory(Path dir) throws IOException {
    dev.berth.sys.FileTrees.delete(dir);
    Files.createDirectories(dir);
  }

  /** The storage driver, for usage figures ({@code system df}, {@code info}). */
  public Snapshotter snapshotter() {
    return snapshotter;
  }

  public EngineConfig config() {
    return config;
  }

  public EventBus events() {
    return events;
  }

  public ImageService images() {
    return images;
  }

  /**
   * The containers: stored under {@code <dataRoot>/containers}, runtime state under the exec root. A
   * SystemException when this host lacks conmon or runc.
   */
  public ContainerService containers() {
    if (runtimes.containers() == null) {
      throw new SystemException("containers are not available on this host: " + runtimes.unavailable());
    }
    return runtimes.containers();
  }

  /** Processes run in containers ({@code docker exec}); unavailable, as containers are, without runc. */
  public ExecService execs() {
    if (runtimes.execs() == null) {
      throw new SystemException("exec is not available on this host: " + runtimes.unavailable());
    }
    return runtimes.execs();
  }

  /** The builder (Dockerfiles); its cache under {@code <dataRoot>/builder}. RUN needs the container side. */
  public BuildService builds() {
    return builds;
  }

  /**
   * Networks under {@code <dataRoot>/networks}. Containers are attached to them only when the engine was opened with
   * {@link EngineConfig#network} set (berthd always sets it); without, they keep a namespace with only loopback.
   */
  public NetworkService networks() {
    return runtimes.networks();
  }

  /** The per-container networking (firewall, namespaces), or null when not configured. For tests and {@code info}. */
  public ContainerNetworking networking() {
    return runtimes.networking();
  }

  /** The running ambassadors; none when networking is off. */
  public AmbassadorService ambassadors() {
    ContainerNetworking n = runtimes.networking();
    return n == null ? AmbassadorService.NONE : n.ambassadors();
  }

  /** Stacks: converging the host to a stack file through the other services. */
  public StackService stacks() {
    return stacks;
  }

  /** Volumes, with the local driver, under {@code <dataRoot>/volumes}. */
  public VolumeService volumes() {
    return runtimes.volumes();
  }

  /** The storage driver's name, for {@code info}. */
  public String storageDriver() {
    return config.storageDriver();
  }

  /** Stops the container service's watchers (the containers keep running), then closes the stores. */
  @Override
  public void close() {
    if (runtimes.health() != null) {
      runtimes.health().close();
    }
    if (runtimes.execs() != null) {
      runtimes.execs().close();
    }
    if (runtimes.containers() != null) {
      runtimes.containers().close();
    }
    if (runtimes.networking() != null) {
      runtimes.networking().close();
    }
    try {
      resources.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the engine: " + e.getMessage(), e);
    }
  }
}
