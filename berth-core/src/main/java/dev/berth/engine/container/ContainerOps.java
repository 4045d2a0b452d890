package dev.berth.engine.container;

import dev.berth.engine.ContainerService.CommitOptions;
import dev.berth.engine.ContainerService.PathStat;
import dev.berth.engine.ContainerService.Stats;
import dev.berth.engine.ContainerService.Top;
import dev.berth.engine.Image;
import dev.berth.engine.ImageService;
import dev.berth.errors.ConflictException;
import dev.berth.errors.SystemException;
import dev.berth.image.layer.LayerDiffer;
import dev.berth.runtime.cgroups.CgroupStats;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.ContainerId;
import dev.berth.runtime.container.Healthcheck;
import dev.berth.runtime.fs.Owner;
import dev.berth.runtime.fs.PathInfo;
import dev.berth.runtime.fs.RootfsArchive;
import dev.berth.runtime.state.ContainerState;
import dev.berth.runtime.top.ProcessTop;
import dev.berth.oci.ImageConfig;
import dev.berth.storage.Mount;
import dev.berth.storage.Mounter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The container operations built on other parts: {@code top} (ProcessTop over runc's pids), {@code stats}
 * (the cgroup's figures), the archive endpoints (RootfsArchive in the mounted rootfs; a stopped container's
 * snapshot is mounted for the copy) and {@code commit} (the snapshot's changes as a layer, through
 * ImageService.commit).
 */
final class ContainerOps {
  private final Lifecycle life;
  private final ImageService images;

  ContainerOps(Lifecycle life, ImageService images) {
    this.life = life;
    this.images = images;
  }

  Top top(Container c, String psArgs) {
    if (!(c.state() instanceof ContainerState.Running || c.state() instanceof ContainerState.Paused)) {
      throw new ConflictException("Container " + c.id().hex() + " is not running");
    }
    List<Integer> pids = life.conmon.runc().ps(c.id().hex());
    ProcessTop.Table t = ProcessTop.top(pids, psArgs == null || psArgs.isBlank() ? ProcessTop.DEFAULT_ARGS : psArgs);
    return new Top(t.titles(), t.rows());
  }

  Stats stats(Container c) {
    if (!(c.state() instanceof ContainerState.Running || c.state() instanceof ContainerState.Paused)) {
      return new Stats(Instant.now(), 0, 0, 0, 0, 0, 0, 0, 0);
    }
    CgroupStats.Sample s = CgroupStats.read("/berth/" + c.id().hex());
    return new Stats(s.read(), s.memoryUsage(), s.memoryLimit(), s.cpuTotalNanos(), s.systemCpuNanos(), s.onlineCpus(),
        s.pids(), s.blockRead(), s.blockWrite());
  }

  PathStat statPath(Container c, String path) {
    return withRootfs(c, rootfs -> stat(RootfsArchive.stat(rootfs, path)));
  }

  PathStat getArchive(Container c, String path, OutputStream out) {
    return withRootfs(c, rootfs -> stat(RootfsArchive.write(rootfs, path, out)));
  }

  void putArchive(Container c, String path, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid) {
    withRootfs(c, rootfs -> {
      Owner owner = copyUidGid ? RootfsArchive.ownerOf(rootfs, c.config().basic().user()) : null;
      RootfsArchive.extract(rootfs, path, tar, noOverwriteDirNonDir, owner);
      return null;
    });
  }

  private static PathStat stat(PathInfo i) {
    return new PathStat(i.name(), i.size(), i.mode(), i.mtime(), i.linkTarget());
  }

  /**
   * Runs {@code action} on the container's root filesystem: the live root of a running container, frozen for
   * the time of the action, else its snapshot mounted for that time; always under the container's lock, so a
   * start, stop or unpause cannot race it. Paths are resolved in user space, so a running process could swap
   * a directory for a symlink between the check and the write (CVE-2018-15664); the freezer stops it as
   * dockerd's pause does. A container the user paused stays paused.
   */
  private <T> T withRootfs(Container c, Function<Path, T> action) {
    return life.store.withLock(c.id(), () -> {
      Container cur = life.require(c.id());
      if (cur.state().pid() > 0) {
        return frozen(cur, () -> action.apply(life.paths.rootfs(c.id())));
      }
      return mounted(life.snapshotter.mounts(ContainerPaths.snapshotKey(c.id())), "copy-" + c.id().shortId(), action);
    });
  }

  private <T> T frozen(Container c, java.util.function.Supplier<T> action) {
    if (!(c.state() instanceof ContainerState.Running)) {
      return action.get();
    }
    String hex = c.id().hex();
    life.conmon.runc().pause(hex);
    try {
      return action.get();
    } finally {
      life.conmon.runc().resume(hex);
    }
  }

  private <T> T mounted(List<Mount> mounts, String name, Function<Path, T> action) {
    Path dir = life.paths.scratch(name + "-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      Files.createDirectories(dir);
      Mounter.mount(mounts, dir);
      try {
        return action.apply(dir);
      } finally {
        Mounter.unmount(dir);
      }
    } catch (IOException e) {
      throw new SystemException("mount the filesystem of a container at " + dir + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException ignored) {
        // an empty directory under the exec root
      }
    }
  }

  Image commit(Container c, CommitOptions options) {
    boolean pause = options.pause() && c.state() instanceof ContainerState.Running;
    String hex = c.id().hex();
    if (pause) {
      life.conmon.runc().pause(hex);
    }
    try {
      ImageService.CommitRequest request = new ImageService.CommitRequest(c.imageId(), out -> diff(c.id(), out),
          options.config() != null ? options.config() : imageConfig(c.config().basic()), options.changes(),
          options.comment(), options.author(), options.reference(), options.createdBy());
      Image image = images.commit(request);
      life.publish(c, "commit", Map.of("comment", options.comment() == null ? "" : options.comment()));
      return image;
    } finally {
      if (pause) {
        life.conmon.runc().resume(hex);
      }
    }
  }

  /** The snapshot's changes: overlay's upperdir as it is, or (vfs) the tree against a view of the image. */
  private void diff(ContainerId id, OutputStream out) {
    String key = ContainerPaths.snapshotKey(id);
    List<Mount> mounts = life.snapshotter.mounts(key);
    for (Mount m : mounts) {
      for (String o : m.options()) {
        if (o.startsWith("upperdir=")) {
          LayerDiffer.diffOverlayUpper(Path.of(o.substring("upperdir=".length())), out);
          return;
        }
      }
    }
    String parent = life.snapshotter.stat(key).map(s -> s.parent()).orElse(null);
    mounted(mounts, "commit-" + id.shortId(), upper -> {
      if (parent == null) {
        LayerDiffer.diff(null, upper, out);
        return null;
      }
      String viewKey = "commit-view-" + UUID.randomUUID().toString().substring(0, 8) + "-" + id.shortId();
      try {
        return mounted(life.snapshotter.view(viewKey, parent), "commit-lower-" + id.shortId(), lower -> {
          LayerDiffer.diff(lower, upper, out);
          return null;
        });
      } finally {
        life.snapshotter.remove(viewKey);
      }
    });
  }

  /** The container's effective config in the image config's form. */
  static ImageConfig.ContainerConfig imageConfig(BasicConfig b) {
    Map<String, Map<String, Object>> ports = new LinkedHashMap<>();
    b.exposedPorts().forEach(p -> ports.put(p, Map.of()));
    return new ImageConfig.ContainerConfig(b.user().isEmpty() ? null : b.user(), ports.isEmpty() ? null : ports,
        b.env(), b.entrypoint().isEmpty() ? null : b.entrypoint(), b.cmd().isEmpty() ? null : b.cmd(), null,
        b.workingDir().isEmpty() ? null : b.workingDir(), b.labels().isEmpty() ? null : b.labels(), b.stopSignal(),
        null, healthcheck(b.healthcheck()), null, null);
  }

  private static Map<String, Object> healthcheck(Healthcheck h) {
    if (h == null || h.test().isEmpty()) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Test", h.test());
    if (h.interval() != 0) m.put("Interval", h.interval());
    if (h.timeout() != 0) m.put("Timeout", h.timeout());
    if (h.startPeriod() != 0) m.put("StartPeriod", h.startPeriod());
    if (h.startInterval() != 0) m.put("StartInterval", h.startInterval());
    if (h.retries() != 0) m.put("Retries", h.retries());
    return m;
  }
}
