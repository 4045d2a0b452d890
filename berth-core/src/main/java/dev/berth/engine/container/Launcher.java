package dev.berth.engine.container;

import dev.berth.engine.network.ContainerNetworking;
import dev.berth.engine.network.NetworkStart;
import dev.berth.errors.SystemException;
import dev.berth.runtime.bundle.BundleWriter;
import dev.berth.runtime.bundle.ContainerSpecs;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.ContainerId;
import dev.berth.runtime.monitor.Conmon;
import dev.berth.runtime.monitor.MonitorSpec;
import dev.berth.runtime.monitor.MonitorState;
import dev.berth.runtime.spec.Spec;
import dev.berth.storage.Mounter;
import dev.berth.storage.Snapshotter;
import dev.berth.sys.FileTrees;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Brings a stored container to a running process and takes it down again. {@link #launch} mounts the
 * writable snapshot, seeds volumes, writes the bundle, has conmon create the container (runc create),
 * connects waiting attachments and runs {@code runc start}. The network is set up meanwhile on its own thread
 * ({@link NetworkStart}): what the spec needs is awaited before the bundle is written, the namespace before
 * {@code runc create}, and the interfaces (the CNI ADD, the slow part) only before {@code runc start}, so they
 * overlap {@code runc create}. {@link #teardown} undoes all of it and is safe to call on a container in any
 * stage, so a failed start and an ended run are cleaned the same way.
 */
final class Launcher {
  private static final Logger LOG = System.getLogger(Launcher.class.getName());

  private final Snapshotter snapshotter;
  private final Conmon conmon;
  private final ContainerSpecs specs;
  private final VolumePlanner volumes;
  private final ContainerPaths paths;
  private final ContainerNetworking networking;

  Launcher(Snapshotter snapshotter, Conmon conmon, ContainerSpecs specs, VolumePlanner volumes, ContainerPaths paths) {
    this(snapshotter, conmon, specs, volumes, paths, null);
  }

  /** @param networking the container's networking at start and exit; null: a namespace with only loopback, as before */
  Launcher(Snapshotter snapshotter, Conmon conmon, ContainerSpecs specs, VolumePlanner volumes, ContainerPaths paths,
      ContainerNetworking networking) {
    this.networking = networking;
    this.snapshotter = snapshotter;
    this.conmon = conmon;
    this.specs = specs;
    this.volumes = volumes;
    this.paths = paths;
  }

  /** A terminal's size in character cells. */
  record TerminalSize(int rows, int cols) {}

  /**
   * Starts {@code c}'s process and returns its pid; on failure everything is undone and the error thrown.
   * A terminal gets {@code size} (if not null) before the process runs, so it never sees 0x0.
   */
  MonitorState.Running launch(Container c, List<ContainerAttachment> attachments, TerminalSize size, PhaseTrace trace) {
    ContainerId id = c.id();
    NetworkStart network = networking == null ? null : networking.begin(c);
    try {
      Path rootfs = Files.createDirectories(paths.rootfs(id));
      List<dev.berth.storage.Mount> mounts = snapshotter.mounts(ContainerPaths.snapshotKey(id));
      Mounter.mount(c.config().autoRemove() ? dev.berth.storage.VolatileOverlay.of(mounts) : mounts, rootfs);
      trace.phase("mount");
      volumes.seed(c.config().storage(), rootfs);
      ContainerConfig forSpec = withInit(c.config().withStorage(volumes.forSpec(c.config().storage(), id.hex())));
      ContainerNetworking.Prepared net = network == null ? null : network.prepared();
      trace.phase("network");
      if (net != null && !net.env().isEmpty()) {
        List<String> env = new java.util.ArrayList<>(net.env());
        env.addAll(forSpec.basic().env());
        forSpec = forSpec.withBasic(forSpec.basic().withEnv(env));
      }
      Spec spec = specs.spec(forSpec, id, rootfs, paths.containerDir(id), net == null ? null : net.setup());
      BundleWriter.write(paths.bundle(id), spec);
      trace.phase("spec");
      if (network != null) network.readyForCreate();
      MonitorState.Running created = conmon.create(monitorSpec(c)); // runc joins the namespace while the ADD may still run
      trace.phase("monitor");
      if (network != null) network.ready();
      trace.phase("network-ready");
      if (size != null && c.config().basic().tty()) {
        conmon.resize(id.hex(), size.rows(), size.cols());
      }
      for (ContainerAttachment a : attachments) {
        if (!a.isClosed()) {
          a.connect(conmon.attach(id.hex()));
        }
      }
      trace.phase("attach");
      conmon.start(id.hex());
      trace.phase("start");
      return created;
    } catch (IOException e) {
      settle(network, e);
      teardownQuietly(c, e);
      throw new SystemException("start " + c.describe() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      settle(network, e);
      teardownQuietly(c, e);
      throw e;
    }
  }

  /**
   * Lets the network's steps still running finish, so the teardown that follows finds all they made; a failure of
   * theirs that is not {@code cause} itself goes with it (runc create may have failed first).
   */
  private static void settle(NetworkStart network, Exception cause) {
    if (network == null) return;
    Throwable failure = network.settle();
    if (failure != null && failure != cause) cause.addSuppressed(failure);
  }

  ContainerNetworking networking() {
    return networking;
  }

  /** Where {@code --init}'s init is bound in the container, as Docker binds its docker-init. */
  static final String INIT_TARGET = "/sbin/docker-init";

  private static final List<Path> INIT_BINARIES =
      List.of(Path.of("/usr/bin/tini-static"), Path.of("/usr/bin/tini"), Path.of("/usr/libexec/docker/docker-init"));

  /**
   * {@code --init}: the host's tini is bound read-only at {@link #INIT_TARGET} and runs as PID 1 in front of
   * the command, reaping zombies and forwarding signals.
   */
  static ContainerConfig withInit(ContainerConfig config) {
    if (!config.init()) {
      return config;
    }
    Path init = INIT_BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
        new dev.berth.errors.InvalidArgumentException("--init: no init binary on this host (install tini)"));
    List<dev.berth.runtime.container.MountSpec> mounts = new java.util.ArrayList<>(config.storage().mounts());
    mounts.add(new dev.berth.runtime.container.MountSpec(dev.berth.runtime.container.MountSpec.Type.BIND, init.toString(),
        INIT_TARGET, true, List.of()));
    List<String> entrypoint = new java.util.ArrayList<>(List.of(INIT_TARGET, "--"));
    entrypoint.addAll(config.basic().entrypoint());
    return config.withStorage(config.storage().withMounts(mounts)).withBasic(config.basic().withEntrypoint(entrypoint));
  }

  private MonitorSpec monitorSpec(Container c) {
    LogOptions log = LogOptions.of(c.config().log());
    String name = c.name().substring(1);
    return MonitorSpec.of(c.id().hex(), paths.bundle(c.id()), paths.logPath(c.id()))
        .withName(name)
        .withStdin(c.config().basic().openStdin())
        .withTerminal(c.config().basic().tty())
        .withLogSizeMax(log.monitorSizeMax());
  }

  /** As {@link #teardown(ContainerId)}, and gives back the container's volume mounts. */
  void teardown(Container c) {
    teardown(c, null);
  }

  /** As {@link #teardown(Container)}, with each step traced as a {@code td-*} phase of {@code trace} (if not null). */
  void teardown(Container c, PhaseTrace trace) {
    try {
      teardown(c.id(), trace);
    } finally {
      if (c.config().storage().mounts().stream().anyMatch(m -> m.type() == dev.berth.runtime.container.MountSpec.Type.VOLUME)) {
        volumes.release(c.config().storage(), c.id().hex());
      }
    }
  }

  /**
   * Removes the runtime side of a container: runc's state and its cgroup (runc delete), the monitor and its
   * files, the rootfs mount and the bundle. The snapshot and the container's own directory stay.
   */
  void teardown(ContainerId id) {
    teardown(id, null);
  }

  private void teardown(ContainerId id, PhaseTrace trace) {
    releaseRuntime(id);
    phase(trace, "td-runtime");
    releaseMounts(id, trace);
  }

  /**
   * The part of {@link #teardown(Container)} that an ended {@code --rm} container's removal needs before it can
   * answer: the rootfs unmounted (the snapshot goes next), the bundle deleted, the network and volumes given back.
   * The rest, runc's state and cgroups and the monitor's files, is {@link #releaseRuntimeAsync}'s.
   */
  void teardownMounts(Container c, PhaseTrace trace) {
    try {
      releaseMounts(c.id(), trace);
    } finally {
      if (c.config().storage().mounts().stream().anyMatch(m -> m.type() == dev.berth.runtime.container.MountSpec.Type.VOLUME)) {
        volumes.release(c.config().storage(), c.id().hex());
      }
    }
  }

  /**
   * Removes runc's state and cgroups and the monitor's files of an ended container on a virtual thread, so that
   * this work (a few milliseconds of rmdirs and deletions) overlaps the rest of an exit and removal. Safe to run
   * beside {@link #teardownMounts}: neither touches what the other removes.
   */
  java.util.concurrent.CompletableFuture<Void> releaseRuntimeAsync(ContainerId id) {
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    Thread.ofVirtual().name("berth-release-" + id.shortId()).start(() -> {
      try {
        releaseRuntime(id);
        done.complete(null);
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    return done;
  }

  /** runc's state and cgroups (runc delete, done in Java when it can be), then the monitor and its files. */
  private void releaseRuntime(ContainerId id) {
    conmon.runc().delete(id.hex(), true);
    conmon.remove(id.hex());
  }

  private void releaseMounts(ContainerId id, PhaseTrace trace) {
    Path rootfs = paths.rootfs(id);
    Mounter.unmount(rootfs);
    phase(trace, "td-unmount");
    try {
      FileTrees.delete(paths.bundle(id));
      phase(trace, "td-bundle");
    } catch (IOException e) {
      throw new SystemException("clean up container " + id.shortId() + ": cannot delete " + paths.bundle(id) + ": " + e.getMessage(), e);
    } finally {
      if (networking != null) networking.release(id.hex());
      phase(trace, "td-network");
    }
  }

  private static void phase(PhaseTrace trace, String name) {
    if (trace != null) trace.phase(name);
  }

  private void teardownQuietly(Container c, Exception cause) {
    try {
      teardown(c);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      LOG.log(Level.WARNING, "cleaning up container " + c.id().shortId() + " after a failed start: " + e.getMessage());
    }
  }
}
