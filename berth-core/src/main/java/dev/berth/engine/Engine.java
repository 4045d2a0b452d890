package dev.berth.engine;

import dev.berth.engine.events.EventBus;
import dev.berth.engine.image.EngineArchive;
import dev.berth.engine.image.LocalImageService;
import dev.berth.engine.container.HealthWatcher;
import dev.berth.engine.container.LocalContainerService;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
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
  private final LocalContainerService containers;
  private final String containersUnavailable;

  private Engine(EngineConfig config, EventBus events, ImageService images, Snapshotter snapshotter, AutoCloseable resources,
      LocalContainerService containers, String containersUnavailable) {
    this.config = config;
    this.events = events;
    this.images = images;
    this.snapshotter = snapshotter;
    this.resources = resources;
    this.containers = containers;
    this.containersUnavailable = containersUnavailable;
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
          new EngineArchive(), events, tmp);
      images.collectGarbage();
      Path execRoot = (config.execRoot() == null ? EngineConfig.DEFAULT_EXEC_ROOT : config.execRoot()).toAbsolutePath();
      EngineConfig resolved = new EngineConfig(root, execRoot, driver);
      Conmon conmon;
      try {
        conmon = Conmon.atExecRoot(execRoot);
      } catch (NotFoundException e) {
        return new Engine(resolved, events, images, snapshotter, snapshotter::close, null, e.getMessage());
      }
      LocalContainerService containers = new LocalContainerService(DiskContainerStore.open(root), images, snapshotter,
          Engine::volumesNotWired, events, conmon, execRoot, HealthWatcher.NONE);
      return new Engine(resolved, events, images, snapshotter, snapshotter::close, containers, null);
    } catch (RuntimeException e) {
      snapshotter.close();
      throw e;
    }
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
    if (containers == null) {
      throw new SystemException("containers are not available on this host: " + containersUnavailable);
    }
    return containers;
  }

  private static VolumeService volumesNotWired() {
    throw new InvalidArgumentException("volumes are not available yet: the volume service is not wired into the engine");
  }

  /** Processes run in containers; wired in with the container engine (issue 3). */
  public ExecService execs() {
    throw new dev.berth.errors.SystemException("the exec service is not wired into the engine yet");
  }

  /** Volumes; wired in with the container engine (issue 3). */
  public VolumeService volumes() {
    throw new dev.berth.errors.SystemException("the volume service is not wired into the engine yet");
  }

  /** The storage driver's name, for {@code info}. */
  public String storageDriver() {
    return config.storageDriver();
  }

  /** Stops the container service's watchers (the containers keep running), then closes the stores. */
  @Override
  public void close() {
    if (containers != null) {
      containers.close();
    }
    try {
      resources.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the engine: " + e.getMessage(), e);
    }
  }
}
