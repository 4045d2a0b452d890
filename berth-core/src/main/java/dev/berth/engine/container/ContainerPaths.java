package dev.berth.engine.container;

import dev.berth.runtime.container.ContainerId;
import dev.berth.runtime.container.DiskContainerStore;
import java.nio.file.Path;

/**
 * Where one container's files live. Persistent ones sit in the store's directory ({@code
 * <dataRoot>/containers/<id>}: config, state, the /etc files, the log); runtime ones sit under the exec root
 * ({@code <execRoot>/containers/<id>}: the bundle's config.json, conmon's attach socket and the rootfs mount
 * point), so a reboot forgets them as it forgets the processes.
 */
final class ContainerPaths {
  /** Snapshot keys of containers' writable layers start with this; the rest is the container ID. */
  static final String SNAPSHOT_PREFIX = "container-";

  private final DiskContainerStore store;
  private final Path execRoot;

  ContainerPaths(DiskContainerStore store, Path execRoot) {
    this.store = store;
    this.execRoot = execRoot;
  }

  Path containerDir(ContainerId id) {
    return store.containerDir(id);
  }

  /** The log conmon writes (k8s-file format). */
  Path logPath(ContainerId id) {
    return containerDir(id).resolve("container.log");
  }

  /** The bundle directory: config.json, and conmon's attach socket and control FIFO. */
  Path bundle(ContainerId id) {
    return execRoot.resolve("containers").resolve(id.hex());
  }

  /** Where the container's root filesystem is mounted while it runs. */
  Path rootfs(ContainerId id) {
    return bundle(id).resolve("rootfs");
  }

  /** A scratch directory under the exec root, e.g. for mounting a stopped container's snapshot for a copy. */
  Path scratch(String name) {
    return execRoot.resolve("mnt").resolve(name);
  }

  static String snapshotKey(ContainerId id) {
    return SNAPSHOT_PREFIX + id.hex();
  }
}
