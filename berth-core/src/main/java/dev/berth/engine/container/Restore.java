package dev.berth.engine.container;

import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.ContainerId;
import dev.berth.runtime.container.RestartPolicy;
import dev.berth.runtime.monitor.MonitorState;
import dev.berth.runtime.state.ContainerState;
import dev.berth.runtime.state.Transitions;
import dev.berth.storage.SnapshotInfo;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Live restore, when the engine opens: containers whose monitor still runs stay Running with their pid;
 * those that ended while no daemon watched get their real exit code (and their restart policy); a start or a
 * create that a crash interrupted is cleaned up (monitor, runc state, mount, bundle, an orphan snapshot).
 * Then, as Docker's daemon does at start-up, containers with restart policy {@code always} (or
 * {@code unless-stopped}, when not stopped by hand) that are down are started again; {@code on-failure}
 * waits for a real failure.
 */
final class Restore {
  private static final Logger LOG = System.getLogger(Restore.class.getName());
  /** Docker's exit code for a container whose end the daemon could not observe. */
  static final int LOST = 255;

  private final Lifecycle life;

  Restore(Lifecycle life) {
    this.life = life;
  }

  void run() {
    cleanInterrupted();
    for (Container c : life.store.needingReconcile()) {
      try {
        life.store.withLock(c.id(), () -> {
          reconcileLocked(c.id());
          return null;
        });
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "restoring container " + c.id().shortId() + ": " + e.getMessage());
      } finally {
        life.store.reconciled(c.id());
      }
    }
    restartAtBoot();
  }

  private void reconcileLocked(ContainerId id) {
    Container c = life.require(id);
    switch (c.state()) {
      case ContainerState.Running r -> reattachLocked(c);
      case ContainerState.Paused p -> reattachLocked(c);
      case ContainerState.Restarting r ->
          life.store.update(id, x -> x.withState(Transitions.cancelRestart(x.describe(), x.state())));
      case ContainerState.Removing r -> {
        life.store.update(id, x -> x.withState(Transitions.abortRemoval(x.describe(), x.state())));
        life.destroyLocked(id, false);
      }
      case ContainerState.Created cr -> {}
      case ContainerState.Exited e -> {}
      case ContainerState.Dead d -> {}
    }
  }

  private void reattachLocked(Container c) {
    String hex = c.id().hex();
    switch (life.conmon.state(hex)) {
      case MonitorState.Running r -> {
        if (r.pid() != c.state().pid()) {
          life.store.update(c.id(), x -> x.withState(c.state() instanceof ContainerState.Paused
              ? new ContainerState.Paused(r.pid(), c.state().startedAt())
              : new ContainerState.Running(r.pid(), c.state().startedAt())));
        }
        if (life.launcher.networking() != null) life.launcher.networking().restore(c);
      }
      case MonitorState.Exited e -> life.finishRunLocked(c, e.exitCode(), e.finishedAt(), life.conmon.oomKilled(hex), true, null);
      case MonitorState.Unknown u -> life.finishRunLocked(c, LOST, Instant.now(), false, true, u.reason());
    }
  }

  /**
   * Monitors, bundles and snapshots of starts and creates that a crash cut short. Runs before any
   * container is reconciled or restarted, and looks only at containers stored as created, exited or dead:
   * those never own a live monitor, so whatever they have is left over.
   */
  private void cleanInterrupted() {
    Set<String> known = new HashSet<>();
    Set<String> monitored = new HashSet<>(life.conmon.list());
    for (Container c : life.store.list()) {
      known.add(c.id().hex());
      boolean settled = c.state() instanceof ContainerState.Created || c.state() instanceof ContainerState.Exited
          || c.state() instanceof ContainerState.Dead;
      if (settled && (monitored.contains(c.id().hex()) || Files.exists(life.paths.bundle(c.id())))) {
        try {
          life.launcher.teardown(c);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "cleaning up the interrupted start of container " + c.id().shortId() + ": " + e.getMessage());
        }
      }
    }
    for (String id : monitored) {
      if (id.matches("[0-9a-f]{64}") && !known.contains(id)) {
        teardownQuietly(ContainerId.of(id));
      }
    }
    List<String> orphans = new ArrayList<>();
    life.snapshotter.walk(s -> {
      if (s.kind() == SnapshotInfo.Kind.ACTIVE && s.name().startsWith(ContainerPaths.SNAPSHOT_PREFIX)
          && !known.contains(s.name().substring(ContainerPaths.SNAPSHOT_PREFIX.length()))) {
        orphans.add(s.name());
      }
    });
    for (String key : orphans) {
      try {
        life.snapshotter.remove(key);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "removing the orphan snapshot " + key + ": " + e.getMessage());
      }
    }
  }

  private void teardownQuietly(ContainerId id) {
    try {
      life.launcher.teardown(id);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cleaning up the interrupted start of container " + id.shortId() + ": " + e.getMessage());
    }
  }

  private void restartAtBoot() {
    for (Container c : life.store.list()) {
      RestartPolicy p = c.config().restartPolicy();
      boolean wanted = p instanceof RestartPolicy.Always
          || (p instanceof RestartPolicy.UnlessStopped && !c.manuallyStopped());
      if (wanted && c.state() instanceof ContainerState.Exited) {
        Thread.ofVirtual().name("berth-boot-start-" + c.id().shortId()).start(() -> {
          try {
            life.store.withLock(c.id(), () -> {
              Container cur = life.store.get(c.id()).orElse(null);
              if (cur != null && cur.state() instanceof ContainerState.Exited) {
                life.startLocked(cur, false, new PhaseTrace(c.id().hex()));
              }
              return null;
            });
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "starting container " + c.id().shortId() + " at daemon start: " + e.getMessage());
          }
        });
      }
    }
  }
}
