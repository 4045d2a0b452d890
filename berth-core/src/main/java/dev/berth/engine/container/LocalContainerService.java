package dev.berth.engine.container;

import dev.berth.engine.Attachment;
import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerView;
import dev.berth.engine.Image;
import dev.berth.engine.ImageService;
import dev.berth.engine.VolumeService;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.network.ContainerDirectory;
import dev.berth.engine.network.ContainerNetworking;
import dev.berth.engine.image.ChainIds;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.oci.Digest;
import dev.berth.runtime.bundle.ContainerSpecs;
import dev.berth.runtime.bundle.EtcFiles;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.ContainerId;
import dev.berth.runtime.container.ContainerNames;
import dev.berth.runtime.container.DiskContainerStore;
import dev.berth.runtime.container.ImageConfigMerger;
import dev.berth.runtime.container.MountSpec;
import dev.berth.runtime.container.StorageConfig;
import dev.berth.runtime.container.NameGenerator;
import dev.berth.runtime.container.ResourceConfig;
import dev.berth.runtime.container.RestartPolicy;
import dev.berth.runtime.container.Signal;
import dev.berth.runtime.monitor.Conmon;
import dev.berth.runtime.monitor.K8sFileLogReader;
import dev.berth.runtime.monitor.LogQuery;
import dev.berth.runtime.monitor.LogRecord;
import dev.berth.runtime.specgen.HostFacts;
import dev.berth.runtime.specgen.OptionsValidator;
import dev.berth.runtime.state.ContainerState;
import dev.berth.runtime.state.Transitions;
import dev.berth.storage.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The container service on this host: containers stored under {@code <dataRoot>/containers}, run by conmon
 * and runc with runtime state under the exec root, their writable layers in the engine's snapshotter. See
 * the package documentation for the parts; this class checks each request against the container's state
 * under its lock and hands the work to them.
 */
public final class LocalContainerService implements ContainerService, AutoCloseable {
  static final int DEFAULT_STOP_TIMEOUT = 10;
  private static final Duration KILL_WAIT = Duration.ofSeconds(30);

  private final Lifecycle life;
  private final ImageService images;
  private final HostFacts host;
  private final NameGenerator names = NameGenerator.create();
  private final Views views;
  private final ContainerOps ops;
  private final ExitWatcher watcher;
  private final ContainerNetworking networking;

  /** The containers as the network side sees them. */
  private record Directory(DiskContainerStore store) implements ContainerDirectory {
    @Override
    public Member find(String ref) {
      return member(store.lookup(ref));
    }

    @Override
    public Member byId(String id) {
      try {
        return store.get(ContainerId.of(id)).map(Directory::member).orElse(null);
      } catch (RuntimeException e) {
        return null;
      }
    }

    @Override
    public Path hostsFile(String id) {
      return store.containerDir(ContainerId.of(id)).resolve("hosts");
    }

    private static Member member(Container c) {
      return new Member(c, c.state().isRunning(), c.state().pid());
    }
  }

  /**
   * Opens the service, reconciles containers left by a previous daemon (live restore) and starts watching
   * for exits.
   *
   * @param volumes the volume service, asked only when a container uses volumes
   */
  public LocalContainerService(DiskContainerStore store, ImageService images, Snapshotter snapshotter,
      Supplier<VolumeService> volumes, EventBus events, Conmon conmon, Path execRoot, HealthWatcher health) {
    this(store, images, snapshotter, volumes, events, conmon, execRoot, health, null);
  }

  /**
   * As above, with networking: addresses allocated at create and released at removal, the network set up at
   * start and torn down at exit ({@code networking} null: only loopback, as before networking).
   */
  public LocalContainerService(DiskContainerStore store, ImageService images, Snapshotter snapshotter,
      Supplier<VolumeService> volumes, EventBus events, Conmon conmon, Path execRoot, HealthWatcher health,
      ContainerNetworking networking) {
    this.images = images;
    this.host = HostFacts.current();
    this.networking = networking;
    ContainerPaths paths = new ContainerPaths(store, execRoot.toAbsolutePath());
    VolumePlanner planner = new VolumePlanner(volumes);
    if (networking != null) networking.networks().useDirectory(new Directory(store));
    Launcher launcher = new Launcher(snapshotter, conmon, new ContainerSpecs(host, EtcFiles.forHost()), planner, paths,
        networking);
    this.life = new Lifecycle(store, paths, launcher, conmon, events, health, planner, snapshotter);
    this.views = new Views(life, images, networking);
    this.ops = new ContainerOps(life, images);
    new Restore(life).run();
    this.watcher = ExitWatcher.start(execRoot.toAbsolutePath().resolve("exits"), life::onExit, life::sweep);
  }

  /** Stops watching; the containers keep running (a new service on the same roots finds them). */
  @Override
  public void close() {
    watcher.close();
  }

  // ---- create ----

  @Override
  public Created create(String name, ContainerConfig request) {
    ContainerId id = ContainerId.random();
    PhaseTrace trace = new PhaseTrace(id.hex());
    Image image = images.inspect(request.basic().image());
    request.network().checkAgainst(request.basic());
    ContainerConfig merged = ImageConfigMerger.merge(image.config().config(), request);
    LogOptions.of(merged.log());
    validate(merged, id);
    String wanted = name == null || name.isEmpty() ? null : ContainerNames.canonical(name);
    if (wanted != null && life.store.nameInUse(wanted)) {
      Container holder = life.store.lookup(wanted);
      throw new ConflictException("Conflict. The container name \"" + wanted + "\" is already in use by container \""
          + holder.id() + "\". You have to remove (or rename) that container to be able to reuse that name.");
    }
    trace.phase("config");
    VolumePlanner.Plan plan = life.volumes.plan(merged.storage(), life.store::lookup);
    ContainerConfig config = merged.withStorage(plan.storage());
    String key = ContainerPaths.snapshotKey(id);
    try {
      life.snapshotter.prepare(key, parentSnapshot(image));
      trace.phase("snapshot");
      if (networking != null) networking.networks().attachAtCreate(id.hex(), config.network());
      Container added = add(id, wanted, image.id(), config);
      trace.phase("store");
      life.publish(added, "create", Map.of());
      return new Created(id.hex(), config.network().warnings());
    } catch (RuntimeException e) {
      if (networking != null) networking.networks().detachAll(id.hex());
      removeSnapshotQuietly(key, e);
      life.volumes.undo(plan.createdAnonymous());
      throw e;
    }
  }

  /**
   * Checks the options against this host before anything is made, as Docker's create does. The rootfs is not
   * mounted yet, so "/" stands in for it (the user is resolved at start); volumes are resolved later and
   * left out here.
   */
  private void validate(ContainerConfig config, ContainerId id) {
    StorageConfig s = config.storage();
    StorageConfig withoutVolumes = s.withMounts(s.mounts().stream().filter(m -> m.type() != MountSpec.Type.VOLUME).toList());
    OptionsValidator.validate(ContainerSpecs.options(config.withStorage(withoutVolumes), id, Path.of("/")), host);
  }

  private static String parentSnapshot(Image image) {
    List<Digest> diffIds = image.config().diffIds();
    return diffIds.isEmpty() ? null : ChainIds.of(diffIds).getLast().toString();
  }

  private Container add(ContainerId id, String wanted, Digest imageId, ContainerConfig config) {
    for (int attempt = 0; ; attempt++) {
      String name = wanted != null ? wanted : names.unique(life.store::nameInUse);
      try {
        return life.store.add(Container.newContainer(id, name, Instant.now(), imageId, config));
      } catch (ConflictException e) {
        if (wanted != null || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  private void removeSnapshotQuietly(String key, RuntimeException cause) {
    try {
      if (life.snapshotter.stat(key).isPresent()) {
        life.snapshotter.remove(key);
      }
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  // ---- start, stop, kill ----

  @Override
  public boolean start(String ref) {
    Container c = life.store.lookup(ref);
    PhaseTrace trace = new PhaseTrace(c.id().hex());
    return life.store.withLock(c.id(), () -> {
      Container cur = life.require(c.id());
      switch (cur.state()) {
        case ContainerState.Running r -> {
          return false;
        }
        case ContainerState.Restarting r -> {
          return false;
        }
        case ContainerState.Paused p -> throw new ConflictException(
            "cannot start a paused container, try unpause instead: " + cur.describe());
        case ContainerState.Removing r -> Transitions.check(cur.describe(), cur.state(), dev.berth.runtime.state.Status.RUNNING);
        case ContainerState.Dead d -> Transitions.check(cur.describe(), cur.state(), dev.berth.runtime.state.Status.RUNNING);
        case ContainerState.Created cr -> {}
        case ContainerState.Exited e -> {}
      }
      life.startLocked(cur, true, trace);
      return true;
    });
  }

  @Override
  public boolean stop(String ref, Integer timeoutSeconds, String signal) {
    Container c = life.store.lookup(ref);
    Signal sig = signal == null || signal.isEmpty() ? c.config().basic().effectiveStopSignal() : Signal.parse(signal);
    int timeout = timeoutSeconds != null ? timeoutSeconds
        : c.config().basic().stopTimeout() != null ? c.config().basic().stopTimeout() : DEFAULT_STOP_TIMEOUT;
    Optional<CompletableFuture<WaitResult>> exit = signalLocked(c.id(), sig, true);
    if (exit.isEmpty()) {
      return false;
    }
    if (!await(exit.get(), timeout < 0 ? null : Duration.ofSeconds(timeout))) {
      Optional<CompletableFuture<WaitResult>> killed = signalLocked(c.id(), Signal.SIGKILL, true);
      killed.ifPresent(f -> await(f, KILL_WAIT));
    }
    life.store.get(c.id()).ifPresent(done -> life.publish(done, "stop", Map.of()));
    return true;
  }

  /**
   * Under the lock: marks a manual stop, cancels a pending restart, registers for the next exit, and sends
   * {@code sig} (then thaws a paused container so it can act on it). Empty when there is no process.
   */
  private Optional<CompletableFuture<WaitResult>> signalLocked(ContainerId id, Signal sig, boolean manual) {
    return life.store.withLock(id, () -> {
      Container cur = life.require(id);
      if (cur.state() instanceof ContainerState.Restarting) {
        life.store.update(id, c -> c.withState(Transitions.cancelRestart(c.describe(), c.state())).withManuallyStopped(true));
        return Optional.<CompletableFuture<WaitResult>>empty();
      }
      if (!(cur.state() instanceof ContainerState.Running || cur.state() instanceof ContainerState.Paused)) {
        return Optional.<CompletableFuture<WaitResult>>empty();
      }
      if (manual && !cur.manuallyStopped()) {
        life.store.update(id, c -> c.withManuallyStopped(true));
      }
      CompletableFuture<WaitResult> f = life.waiters.register(id, WaitCondition.NEXT_EXIT);
      life.conmon.runc().kill(id.hex(), Integer.toString(sig.number()), false);
      life.publish(cur, "kill", Map.of("signal", Integer.toString(sig.number())));
      if (cur.state() instanceof ContainerState.Paused) {
        life.conmon.runc().resume(id.hex());
      }
      return Optional.of(f);
    });
  }

  /** Waits for {@code f}; false when {@code timeout} (null: forever) passed first. */
  private static boolean await(CompletableFuture<WaitResult> f, Duration timeout) {
    try {
      if (timeout == null) {
        f.get();
      } else {
        f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemException("waiting for a container to stop: interrupted", e);
    } catch (ExecutionException e) {
      return true;
    }
  }

  @Override
  public void restart(String ref, Integer timeoutSeconds, String signal) {
    Container c = life.store.lookup(ref);
    stop(c.id().hex(), timeoutSeconds, signal);
    start(c.id().hex());
    life.store.get(c.id()).ifPresent(done -> life.publish(done, "restart", Map.of()));
  }

  @Override
  public void kill(String ref, String signal) {
    Container c = life.store.lookup(ref);
    Signal sig = signal == null || signal.isEmpty() ? Signal.SIGKILL : Signal.parse(signal);
    boolean stops = sig.number() == Signal.SIGKILL.number() || sig.equals(c.config().basic().effectiveStopSignal());
    boolean sent = life.store.withLock(c.id(), () -> {
      Container cur = life.require(c.id());
      if (!(cur.state() instanceof ContainerState.Running || cur.state() instanceof ContainerState.Paused
          || cur.state() instanceof ContainerState.Restarting)) {
        return false;
      }
      signalLocked(c.id(), sig, stops);
      return true;
    });
    if (!sent) {
      throw new ConflictException("Cannot kill container: " + ref + ": Container " + c.id().hex() + " is not running");
    }
  }

  @Override
  public void pause(String ref) {
    Container c = life.store.lookup(ref);
    life.store.withLock(c.id(), () -> {
      Container cur = life.require(c.id());
      if (!(cur.state() instanceof ContainerState.Running)) {
        throw new ConflictException(cur.state() instanceof ContainerState.Paused
            ? "Container " + c.id().hex() + " is already paused"
            : "Container " + c.id().hex() + " is not running");
      }
      Transitions.check(cur.describe(), cur.state(), dev.berth.runtime.state.Status.PAUSED);
      life.conmon.runc().pause(c.id().hex());
      Container next = life.store.update(c.id(), x -> x.withState(Transitions.pause(x.describe(), x.state())));
      life.publish(next, "pause", Map.of());
      return null;
    });
  }

  @Override
  public void unpause(String ref) {
    Container c = life.store.lookup(ref);
    life.store.withLock(c.id(), () -> {
      Container cur = life.require(c.id());
      if (!(cur.state() instanceof ContainerState.Paused)) {
        throw new ConflictException("Container " + c.id().hex() + " is not paused");
      }
      life.conmon.runc().resume(c.id().hex());
      Container next = life.store.update(c.id(), x -> x.withState(Transitions.unpause(x.describe(), x.state())));
      life.publish(next, "unpause", Map.of());
      return null;
    });
  }

  @Override
  public CompletableFuture<WaitResult> waitFor(String ref, WaitCondition condition) {
    Container c = life.store.lookup(ref);
    return life.store.withLock(c.id(), () -> {
      Optional<Container> cur = life.store.get(c.id());
      if (cur.isEmpty()) {
        return CompletableFuture.completedFuture(new WaitResult(c.state().exitCode(), null));
      }
      if (condition == WaitCondition.NOT_RUNNING && !cur.get().state().isRunning()) {
        return CompletableFuture.completedFuture(new WaitResult(cur.get().state().exitCode(), null));
      }
      return life.waiters.register(c.id(), condition);
    });
  }

  // ---- remove ----

  @Override
  public void remove(String ref, boolean force, boolean removeVolumes) {
    Container c = life.store.lookup(ref);
    ContainerId id = c.id();
    if (c.state().isRunning() && !force) {
      throw removeRunning(c);
    }
    life.removing.add(id);
    try {
      if (force) {
        signalLocked(id, Signal.SIGKILL, true).ifPresent(f -> await(f, KILL_WAIT));
      }
      life.store.withLock(id, () -> {
        Container cur = life.require(id);
        if (cur.state().isRunning()) {
          throw removeRunning(cur);
        }
        life.destroyLocked(id, removeVolumes);
        return null;
      });
    } finally {
      life.removing.remove(id);
    }
  }

  /** Docker's words: {@code cannot remove container "/web": container is running: stop the container …}. */
  private static ConflictException removeRunning(Container c) {
    return new ConflictException("cannot remove container \"" + c.name() + "\": container is "
        + c.state().status().dockerName() + ": stop the container before removing or force remove");
  }

  // ---- queries ----

  @Override
  public ContainerView inspect(String ref) {
    return views.view(life.store.lookup(ref), true, false);
  }

  @Override
  public List<ContainerView> list(ListOptions options) {
    return views.list(options);
  }

  @Override
  public void rename(String ref, String newName) {
    Container c = life.store.lookup(ref);
    String old = c.name().substring(1);
    Container renamed = life.store.rename(c.id(), newName);
    life.publish(renamed, "rename", Map.of("oldName", "/" + old));
  }

  @Override
  public List<String> update(String ref, ResourceConfig resources, RestartPolicy restartPolicy) {
    Container c = life.store.lookup(ref);
    return life.store.withLock(c.id(), () -> {
      Container cur = life.require(c.id());
      if (restartPolicy != null && cur.config().autoRemove() && !(restartPolicy instanceof RestartPolicy.No)) {
        throw new InvalidArgumentException("Restart policy cannot be updated because AutoRemove is enabled for the container");
      }
      ContainerConfig next = cur.config();
      if (resources != null) {
        next = next.withResources(resources);
        validate(next, c.id());
      }
      if (restartPolicy != null) {
        next = next.withRestartPolicy(restartPolicy);
      }
      ContainerConfig target = next;
      Container updated = life.store.updateConfig(c.id(), x -> target);
      List<String> warnings = List.of();
      if (resources != null && cur.state().pid() > 0) {
        life.conmon.runc().update(c.id().hex(), LiveUpdate.resources(resources));
      }
      life.publish(updated, "update", Map.of());
      return warnings;
    });
  }

  @Override
  public PruneReport prune(Map<String, List<String>> filters) {
    Predicate<Container> match = PruneFilter.of(filters);
    List<String> deleted = new java.util.ArrayList<>();
    long reclaimed = 0;
    for (Container c : life.store.list()) {
      if (c.state().isRunning() || c.state() instanceof ContainerState.Removing || !match.test(c)) {
        continue;
      }
      long size = views.sizeRw(c.id());
      try {
        remove(c.id().hex(), false, false);
        deleted.add(c.id().hex());
        reclaimed += Math.max(size, 0);
      } catch (NotFoundException | ConflictException raced) {
        // started or removed meanwhile
      }
    }
    return new PruneReport(deleted, reclaimed);
  }

  @Override
  public void logs(String ref, LogQuery query, Predicate<LogRecord> sink) {
    Container c = life.store.lookup(ref);
    K8sFileLogReader reader = new K8sFileLogReader(life.paths.logPath(c.id()), Duration.ofMillis(50));
    try {
      reader.stream(query, () -> life.store.get(c.id()).map(x -> x.state().isRunning()).orElse(false), sink::test);
    } catch (IOException e) {
      throw new SystemException("read logs of " + c.describe() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemException("read logs of " + c.describe() + ": interrupted", e);
    }
  }

  @Override
  public Attachment attach(String ref, AttachOptions options) {
    Container c = life.store.lookup(ref);
    return new Attacher(life).attach(c, options);
  }

  /**
   * Resizes the terminal of a running container. For one that does not run yet the size is kept and given to
   * the terminal at the next start, before the process runs: that is how the API passes Docker's create-time
   * {@code HostConfig.ConsoleSize}, so {@code docker run -it} never starts with a 0x0 terminal.
   */
  @Override
  public void resize(String ref, int rows, int cols) {
    Container c = life.store.lookup(ref);
    if (!c.config().basic().tty()) {
      throw new ConflictException("resize container " + c.id().shortId() + ": it has no terminal (created without -t)");
    }
    if (rows <= 0 || cols <= 0 || rows > 0xffff || cols > 0xffff) {
      throw new InvalidArgumentException("resize container " + c.id().shortId() + ": bad size " + rows + "x" + cols);
    }
    boolean live = life.store.withLock(c.id(), () -> {
      Container cur = life.require(c.id());
      if (cur.state() instanceof ContainerState.Running || cur.state() instanceof ContainerState.Paused) {
        return true;
      }
      life.consoleSizes.put(c.id(), new Launcher.TerminalSize(rows, cols));
      return false;
    });
    if (!live) {
      return;
    }
    life.conmon.resize(c.id().hex(), rows, cols);
    life.publish(c, "resize", Map.of("height", Integer.toString(rows), "width", Integer.toString(cols)));
  }

  // ---- operations built on other parts (top, stats, archive, commit) ----

  @Override
  public Top top(String ref, String psArgs) {
    return ops.top(life.store.lookup(ref), psArgs);
  }

  @Override
  public Stats stats(String ref) {
    return ops.stats(life.store.lookup(ref));
  }

  @Override
  public PathStat statPath(String ref, String path) {
    return ops.statPath(life.store.lookup(ref), path);
  }

  @Override
  public PathStat getArchive(String ref, String path, OutputStream out) {
    return ops.getArchive(life.store.lookup(ref), path, out);
  }

  @Override
  public void putArchive(String ref, String path, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid) {
    ops.putArchive(life.store.lookup(ref), path, tar, noOverwriteDirNonDir, copyUidGid);
  }

  @Override
  public Image commit(String ref, CommitOptions options) {
    return ops.commit(life.store.lookup(ref), options);
  }
}
