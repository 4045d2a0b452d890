package dev.berth.storage;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A storage driver. Methods return mounts as data and never mount anything themselves.
 *
 * <ul>
 *   <li>{@link #prepare} makes an active, writable snapshot {@code key} on top of committed {@code parent}
 *       (null for an empty base).
 *   <li>{@link #view} makes a read-only active snapshot.
 *   <li>{@link #commit} turns active {@code key} into committed {@code name}; the key is gone after.
 *   <li>{@link #remove} removes an active or committed snapshot; a committed one with children is refused
 *       with a ConflictException ("in use").
 * </ul>
 * Errors: NotFoundException for an unknown key or parent, ConflictException for an existing key/name.
 * Implementations are safe for concurrent use.
 *
 * <p>Mounting is the caller's job ({@link Mounter}). The directory-based drivers refuse to {@link #commit} or
 * {@link #remove} a snapshot that is still mounted (ConflictException naming the mount point): unmount first.
 * {@link #commit} of a view, or of a committed snapshot, is an InvalidStateException; a failed {@link #prepare}
 * leaves nothing behind.
 */
public interface Snapshotter extends AutoCloseable {
  /** The driver name shown by {@code berth info}: "overlay", "vfs". */
  String name();

  List<Mount> prepare(String key, String parent);

  List<Mount> view(String key, String parent);

  /** The mounts of an active snapshot, again. */
  List<Mount> mounts(String key);

  void commit(String name, String key);

  void remove(String key);

  Optional<SnapshotInfo> stat(String keyOrName);

  void walk(Consumer<SnapshotInfo> visitor);

  /** Disk used by the snapshot itself, not its parents. */
  Usage usage(String keyOrName);

  @Override
  void close();
}
