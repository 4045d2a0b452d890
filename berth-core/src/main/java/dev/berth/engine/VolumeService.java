package dev.berth.engine;

import java.util.List;
import java.util.Map;

/**
 * Named and anonymous volumes with the local driver. Errors: NotFoundException ("get x: no such volume"),
 * ConflictException ("remove x: volume is in use - [ids]"), InvalidArgumentException (bad name, unknown
 * driver or option). Publishes volume events (create, destroy, mount, unmount).
 */
public interface VolumeService {
  /** Creates a volume, or returns the existing one of that name (Docker's create is idempotent). Null name: anonymous. */
  Volume create(String name, String driver, Map<String, String> driverOpts, Map<String, String> labels);

  Volume inspect(String name);

  /** Filters: name, label, dangling, driver. */
  List<Volume> list(Map<String, List<String>> filters);

  /** Removes it; {@code force} ignores a missing volume, never one in use. */
  void remove(String name, boolean force);

  /** Removes unused anonymous volumes (all unused ones with {@code all}); answers names and bytes reclaimed. */
  ContainerService.PruneReport prune(boolean all, Map<String, List<String>> filters);

  /**
   * For the container engine, on a container's first use of the volume: copies {@code source} (the image's
   * directory at the mount path, in a mounted root filesystem) into the volume when the volume is empty and
   * was never seeded, keeping owners, modes, times, links and xattrs, as Docker's copy-up does.
   */
  void seedIfEmpty(String name, java.nio.file.Path source);

  /**
   * For the container engine, before a container starts: the host directory to bind into it. A volume with
   * driver options (tmpfs, a bind of a host directory, a device) is mounted on its first user and stays
   * mounted until its last {@link #unmount}; a plain volume is just its directory. Calling it again for the
   * same container is harmless. Added by h-volume as a default so other implementations keep compiling.
   */
  default java.nio.file.Path mount(String name, String containerId) {
    return inspect(name).mountpoint();
  }

  /** For the container engine, when a container stops: releases what {@link #mount} took for it. */
  default void unmount(String name, String containerId) {}

  /** The bytes a volume's files hold ({@code system df}), or -1 when unknown. */
  default long size(String name) {
    return -1;
  }
}
