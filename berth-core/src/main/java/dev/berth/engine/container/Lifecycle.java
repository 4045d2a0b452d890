package dev.berth.engine.container;

import dev.berth.engine.events.EventBus;
import dev.berth.errors.BerthException;
import dev.berth.errors.SystemException;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.ContainerId;
import dev.berth.runtime.container.DiskContainerStore;
import dev.berth.runtime.container.Healthcheck;
import dev.berth.runtime.container.RestartDecider;
import dev.berth.runtime.monitor.Conmon;
import dev.berth.runtime.monitor.LogRotator;
import dev.berth.runtime.monitor.MonitorState;
import dev.berth.runtime.state.ContainerState;
import dev.berth.runtime.state.Transitions;
import dev.berth.storage.Snapshotter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The state-changing core that several operations share: starting a stored container, recording the end of
 * its process (restart policy, auto-removal, waiters, the {@code die} event), and destroying it. Every method
 * whose name ends in {@code Locked} must be called holding the container's store lock.
 */
final class Lifecycle {
  private static final Logger LOG = System.getLogger(Lifecycle.class.getName());

  final DiskContainerStore store;
  final ContainerPaths paths;
  final Launcher launcher;
  final Conmon conmon;
  final EventBus events;
  final Waiters waiters = new Waiters();
  final HealthWatcher health;
  final VolumePlanner volumes;
  final Snapshotter snapshotter;
  private final LogRotator rotator;
  private final Map<ContainerId, List<ContainerAttachment>> pending = new ConcurrentHashMap<>();
  private final Map<ContainerId, Duration> delays = new ConcurrentHashMap<>();
  /** Terminal sizes asked for before a start (Docker's create-time ConsoleSize), applied before the process runs. */
  final Map<ContainerId, Launcher.TerminalSize> consoleSizes = new ConcurrentHashMap<>();
  /** Containers being removed by {@code rm -f}: their exit must not restart or auto-remove them. */
  final Set<ContainerId> removing = ConcurrentHashMap.newKeySet();

  Lifecycle(DiskContainerStore store, ContainerPaths paths, Launcher launcher, Conmon conmon, EventBus events,
      HealthWatcher health, VolumePlanner volumes, Snapshotter snapshotter) {
    this.store = store;
    this.paths = paths;
    this.launcher = launcher;
    this.conmon = conmon;
    this.events = events;
    this.health = health;
    this.volumes = volumes;
    this.snapshotter = snapshotter;
    this.rotator = new LogRotator(conmon);
  }

  Container require(ContainerId id) {
    return store.get(id).orElseThrow(() -> new dev.berth.errors.NotFoundException("No such container: " + id.hex()));
  }

  void publish(Container c, String action, Map<String, String> extra) {
    Map<String, String> attrs = new java.util.HashMap<>(extra);
    attrs.put("name", c.name().substring(1));
    attrs.put("image", c.config().basic().image());
    c.config().basic().labels().forEach(attrs::putIfAbsent);
    events.publish("container", action, c.id().hex(), attrs);
  }

  // ---- attachments waiting for the next start ----

  ContainerAttachment pendingAttachment(ContainerId id, ContainerAttachment a) {
    pending.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(a);
    return a;
  }

  void dropPending(ContainerId id, ContainerAttachment a) {
    List<ContainerAttachment> list = pending.get(id);
    if (list != null) {
      list.remove(a);
    }
  }

  private List<ContainerAttachment> takePending(ContainerId id) {
    List<ContainerAttachment> list = pending.remove(id);
    return list == null ? List.of() : new ArrayList<>(list);
  }

  // ---- start ----

  /** Starts the container's process and records Running; on failure records Docker's start failure and throws. */
  void startLocked(Container cur, boolean userStart, PhaseTrace trace) {
    ContainerId id = cur.id();
    List<ContainerAttachment> attachments = takePending(id);
    MonitorState.Running running;
    try {
      running = launcher.launch(cur, attachments, consoleSizes.remove(id), trace);
    } catch (RuntimeException e) {
      attachments.forEach(ContainerAttachment::abandon);
      StartFailure failure = StartFailure.of(cur.name().substring(1), e);
      store.update(id, c -> c.withState(Transitions.startFailed(c.describe(), c.state(), failure.exitCode(),
          failure.message(), Instant.now())));
      waiters.exited(id, failure.exitCode(), false, failure.message());
      if (cur.config().autoRemove() && userStart) {
        destroyQuietlyLocked(id, true);
      }
      throw failure.toException(e);
    }
    Instant now = Instant.now();
    Container started = store.update(id, c -> c.withState(Transitions.start(c.describe(), c.state(), running.pid(), now))
        .withRestartCount(userStart ? 0 : c.restartCount())
        .withManuallyStopped(false));
    if (userStart) {
      delays.remove(id);
    }
    publish(started, "start", Map.of());
    Healthcheck hc = started.config().basic().healthcheck();
    if (hc != null && !hc.disabled() && !hc.test().isEmpty()) {
      health.watch(id.hex(), hc);
    }
    trace.phase("record");
  }

  // ---- exits ----

  /** conmon reported an exit file for {@code name}; records the end if the container was running. */
  void onExit(String name) {
    if (!name.matches("[0-9a-f]{64}")) {
      return;
    }
    ContainerId id = ContainerId.of(name);
    if (store.get(id).isEmpty()) {
      return;
    }
    try {
      store.withLock(id, () -> {
        Container cur = store.get(id).orElse(null);
        if (cur == null || !(cur.state() instanceof ContainerState.Running || cur.state() instanceof ContainerState.Paused)) {
          return null;
        }
        if (conmon.state(id.hex()) instanceof MonitorState.Exited e) {
          finishRunLocked(cur, e.exitCode(), e.finishedAt(), conmon.oomKilled(id.hex()), false, null);
        }
        return null;
      });
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "recording the exit of container " + id.shortId() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The process ended with {@code exitCode}: tears the runtime down, records Exited or Restarting, publishes
   * {@code die}, completes waiters, then restarts later or removes (--rm) as the config says.
   */
  void finishRunLocked(Container cur, int exitCode, Instant at, boolean oom, boolean daemonStarting, String error) {
    ContainerId id = cur.id();
    PhaseTrace trace = new PhaseTrace(id.hex());
    if (!daemonStarting) {
      trace.record("exit-notice", Math.max(0, Duration.between(at, Instant.now()).toNanos() / 1e6));
    }
    health.unwatch(id.hex());
    // An ended --rm container is removed next: its runc state, cgroups and monitor files go on another thread
    // meanwhile, and the removal waits for them before it answers (see destroyLocked).
    boolean removeNext = cur.config().autoRemove() && !removing.contains(id);
    java.util.concurrent.CompletableFuture<Void> runtime = removeNext ? launcher.releaseRuntimeAsync(id) : null;
    try {
      if (removeNext) {
        launcher.teardownMounts(cur, trace);
      } else {
        launcher.teardown(cur, trace);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cleaning up after container " + id.shortId() + " exited: " + e.getMessage());
      if (runtime != null) {
        runtime.exceptionally(t -> null).join();
        runtime = null; // the removal then tears down in full, and fails rather than leave a mount behind
      }
    }
    trace.phase("teardown");
    compactLog(cur);
    boolean mayRestart = !cur.config().autoRemove() && !removing.contains(id);
    Duration ran = cur.state().startedAt() == null ? Duration.ZERO : Duration.between(cur.state().startedAt(), at);
    RestartDecider.Decision d = RestartDecider.decide(cur.config().restartPolicy(), new RestartDecider.Input(
        exitCode, cur.restartCount(), cur.manuallyStopped(), daemonStarting, ran, delays.getOrDefault(id, Duration.ZERO)));
    boolean restart = mayRestart && d.restart();
    Container ended = store.update(id, c -> restart
        ? c.withState(Transitions.restarting(c.describe(), c.state(), exitCode, at, oom)).withRestartCount(d.restartCount())
        : c.withState(Transitions.exited(c.describe(), c.state(), exitCode, at, oom, error)));
    publish(ended, "die", Map.of("exitCode", Integer.toString(exitCode)));
    if (oom) {
      publish(ended, "oom", Map.of());
    }
    waiters.exited(id, exitCode, restart, error);
    trace.phase("exit");
    if (restart) {
      delays.put(id, d.delay());
      scheduleRestart(id, d.delay());
    } else if (removeNext) {
      destroyQuietlyLocked(id, true, runtime);
    }
  }

  private void compactLog(Container c) {
    try {
      LogOptions log = LogOptions.of(c.config().log());
      if (log.rotates()) {
        LogCompactor.compact(paths.logPath(c.id()), log.maxSize(), log.maxFile());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "rotating the log of container " + c.id().shortId() + ": " + e.getMessage());
    }
  }

  private void scheduleRestart(ContainerId id, Duration delay) {
    Thread.ofVirtual().name("berth-restart-" + id.shortId()).start(() -> {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        return;
      }
      try {
        store.withLock(id, () -> {
          Container cur = store.get(id).orElse(null);
          if (cur != null && cur.state() instanceof ContainerState.Restarting) {
            startLocked(cur, false, new PhaseTrace(id.hex()));
          }
          return null;
        });
      } catch (BerthException e) {
        LOG.log(Level.WARNING, "restarting container " + id.shortId() + " failed: " + e.getMessage());
      }
    });
  }

  /**
   * Finds ends that inotify did not report: a container whose monitor is gone without an exit file is
   * recorded as ended (exit code 137, with the reason as its error). Rotates logs that reached max-size.
   */
  void sweep() {
    for (Container c : store.list()) {
      if (!(c.state() instanceof ContainerState.Running || c.state() instanceof ContainerState.Paused)) {
        continue;
      }
      try {
        switch (conmon.state(c.id().hex())) {
          case MonitorState.Exited e -> onExit(c.id().hex());
          case MonitorState.Unknown u -> lost(c.id(), u.reason());
          case MonitorState.Running r -> rotate(c);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "checking container " + c.id().shortId() + ": " + e.getMessage());
      }
    }
  }

  private void lost(ContainerId id, String reason) {
    store.withLock(id, () -> {
      Container cur = store.get(id).orElse(null);
      if (cur != null && (cur.state() instanceof ContainerState.Running || cur.state() instanceof ContainerState.Paused)
          && conmon.state(id.hex()) instanceof MonitorState.Unknown) {
        finishRunLocked(cur, 137, Instant.now(), false, false, reason);
      }
      return null;
    });
  }

  private void rotate(Container c) {
    LogOptions log = LogOptions.of(c.config().log());
    if (log.rotates()) {
      rotator.rotateIfFull(c.id().hex(), paths.logPath(c.id()), log.maxSize(), log.maxFile());
    }
  }

  // ---- removal ----

  /**
   * Deletes a container that has no process: runtime leftovers, its snapshot, its record and directory, and
   * (with {@code removeVolumes}) its anonymous volumes. A failure part-way marks it dead.
   */
  void destroyLocked(ContainerId id, boolean removeVolumes) {
    destroyLocked(id, removeVolumes, null);
  }

  /**
   * As {@link #destroyLocked(ContainerId, boolean)}, for a container whose exit was just torn down except for its
   * runtime leftovers, which {@code runtime} is removing: the teardown is not repeated, and waiters are told only
   * once {@code runtime} is done (a failure there is retried here, then logged: the next daemon start removes
   * what is left, as after a crash). {@code runtime} null: a full teardown first, as usual.
   */
  void destroyLocked(ContainerId id, boolean removeVolumes, java.util.concurrent.CompletableFuture<Void> runtime) {
    Container cur = require(id);
    PhaseTrace trace = new PhaseTrace(id.hex());
    Container marked = store.update(id, c -> c.withState(Transitions.beginRemoval(c.describe(), c.state())));
    List<String> anonymous = removeVolumes ? anonymousQuietly(cur) : List.of();
    try {
      if (runtime == null) {
        launcher.teardown(cur);
      }
      trace.phase("rm-teardown");
      String key = ContainerPaths.snapshotKey(id);
      if (snapshotter.stat(key).isPresent()) {
        snapshotter.remove(key);
      }
      trace.phase("rm-snapshot");
      store.remove(id);
      trace.phase("rm-store");
      if (launcher.networking() != null) launcher.networking().removed(id.hex());
    } catch (RuntimeException e) {
      store.update(id, c -> c.withState(Transitions.removalFailed(c.describe(), c.state(), e.getMessage())));
      throw new SystemException("removal of " + cur.describe() + " failed: " + e.getMessage(), e);
    }
    for (String v : anonymous) {
      try {
        volumes.removeVolume(v);
      } catch (RuntimeException e) {
        LOG.log(Level.INFO, "keeping volume " + v + " of removed container " + id.shortId() + ": " + e.getMessage());
      }
    }
    List<ContainerAttachment> left = takePending(id);
    left.forEach(ContainerAttachment::abandon);
    delays.remove(id);
    consoleSizes.remove(id);
    health.forget(id.hex());
    publish(marked, "destroy", Map.of());
    trace.phase("rm-done");
    if (runtime != null) {
      awaitRuntime(cur, runtime);
      trace.phase("rm-runtime");
    }
    waiters.removed(id, cur.state().exitCode());
  }

  private void awaitRuntime(Container c, java.util.concurrent.CompletableFuture<Void> runtime) {
    try {
      runtime.join();
    } catch (java.util.concurrent.CompletionException first) {
      try {
        launcher.teardown(c.id());
      } catch (RuntimeException again) {
        LOG.log(Level.WARNING, "removing the runtime state of container " + c.id().shortId() + ": "
            + again.getMessage() + " (left for the next daemon start)");
      }
    }
  }

  private List<String> anonymousQuietly(Container c) {
    try {
      return volumes.anonymousVolumes(c.config().storage());
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  void destroyQuietlyLocked(ContainerId id, boolean removeVolumes) {
    destroyQuietlyLocked(id, removeVolumes, null);
  }

  private void destroyQuietlyLocked(ContainerId id, boolean removeVolumes, java.util.concurrent.CompletableFuture<Void> runtime) {
    try {
      destroyLocked(id, removeVolumes, runtime);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "auto-removing container " + id.shortId() + ": " + e.getMessage());
    }
  }
}
