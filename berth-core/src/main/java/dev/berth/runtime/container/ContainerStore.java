package dev.berth.runtime.container;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The containers this engine knows, persisted so they survive a daemon restart. Names are unique; every
 * change to one container happens under that container's lock, so a check of its state and the change that
 * follows are atomic. {@link DiskContainerStore} is the implementation.
 */
public interface ContainerStore {
  /** Stores a new container. ConflictException if its ID or name is taken. */
  Container add(Container container);

  Optional<Container> get(ContainerId id);

  /**
   * Finds a container as Docker does: by full ID, then by name (with or without the slash), then by a unique
   * ID prefix. NotFoundException ("No such container: x") if none matches; InvalidArgumentException if the
   * prefix matches more than one.
   */
  Container lookup(String reference);

  /** All containers, newest first (as {@code ps -a} lists them). */
  List<Container> list();

  boolean nameInUse(String name);

  /**
   * Replaces the container with {@code change(current)}, persisted before it becomes visible. The change may
   * alter only the lifecycle fields (state, restart count, manual stop); IllegalArgumentException otherwise.
   * It runs under the container's lock and may throw to veto the change (e.g. an illegal transition).
   */
  Container update(ContainerId id, UnaryOperator<Container> change);

  /**
   * Replaces the container's configuration with {@code change(current)} ({@code docker update}: limits and
   * restart policy), persisted before it becomes visible; the lifecycle fields stay as they are. Runs under
   * the container's lock.
   */
  Container updateConfig(ContainerId id, UnaryOperator<ContainerConfig> change);

  /**
   * Runs {@code action} holding the container's lock (reentrant: {@link #update} may be called inside), so an
   * operation can check the state, act on the runtime and record the outcome without a racing operation.
   */
  <T> T withLock(ContainerId id, Supplier<T> action);

  /** Gives the container a new name; ConflictException if the name is taken by another container. */
  Container rename(ContainerId id, String newName);

  /** Deletes the container's record and its directory. NotFoundException if it is unknown. */
  void remove(ContainerId id);

  /**
   * Containers found running, paused or restarting when the store was opened: their processes may have
   * outlived the old daemon, so the engine must re-attach to them or record their exit, then call {@link
   * #reconciled}.
   */
  List<Container> needingReconcile();

  /** Marks the container as reconciled after a restart. */
  void reconciled(ContainerId id);
}
