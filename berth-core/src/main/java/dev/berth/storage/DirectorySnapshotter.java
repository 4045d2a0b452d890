package dev.berth.storage;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.InvalidStateException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping every directory-based driver shares; a driver adds only how a snapshot directory is filled
 * ({@link #populate}) and which mounts expose it ({@link #mountsOf}).
 *
 * <p>Layout under the root: {@code metadata.json} (see {@link MetaStore}), {@code lock} (held while open, so two
 * engines never share a root), and {@code snapshots/<id>/} per snapshot. A snapshot is written to disk before it
 * enters the index and leaves the index before it is deleted, so after a crash the only debris is directories no
 * index entry names; they are deleted at the next open.
 *
 * <p>A removed snapshot's directory is renamed into {@code trash/} and deleted there in the background, so a
 * removal costs a rename however large the tree; {@link #close} waits for those deletions, and whatever a crash
 * left in {@code trash/} is deleted at the next open.
 *
 * <p>Removing or committing a snapshot whose directory is still mounted is refused with a ConflictException that
 * names the mount point: callers unmount first ({@link Mounter#unmount}). One lock guards the index and the set of
 * prepares in flight; filling a new directory (a vfs copy) happens outside it.
 */
public abstract class DirectorySnapshotter implements Snapshotter {
  private static final Logger LOG = LoggerFactory.getLogger(DirectorySnapshotter.class);
  private static final int MAX_KEY_LENGTH = 4096;

  private final String driver;
  private final Path root;
  private final Path snapshots;
  private final Trash trash;
  private final ReentrantLock lock = new ReentrantLock();
  private final FileChannel lockFile;
  private final MetaStore meta;
  /** Prepares and views in flight: key to parent name ("" for none). */
  private final Map<String, String> pending = new HashMap<>();
  private boolean closed;

  protected DirectorySnapshotter(String driver, Path root) {
    this.driver = driver;
    this.root = root.toAbsolutePath().normalize();
    this.snapshots = this.root.resolve("snapshots");
    try {
      Files.createDirectories(this.root);
      Files.setPosixFilePermissions(this.root, PosixFilePermissions.fromString("rwx------"));
      Files.createDirectories(snapshots);
      trash = new Trash(this.root.resolve("trash"));
      lockFile = FileChannel.open(this.root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new SystemException("open " + driver + " storage at " + this.root + ": " + e.getMessage(), e);
    }
    try {
      lockRoot();
      meta = MetaStore.open(this.root.resolve("metadata.json"), driver);
      removeOrphans();
      trash.empty();
    } catch (IllegalArgumentException e) {
      closeQuietly();
      throw new InvalidArgumentException("open " + driver + " storage: " + e.getMessage(), e);
    } catch (IOException e) {
      closeQuietly();
      throw new SystemException("open " + driver + " storage at " + this.root + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  /**
   * Fills the new, empty snapshot directory {@code dir}; {@code parents} are parent directories, topmost first.
   * Runs outside the lock, possibly concurrently with other calls; the parents cannot be removed meanwhile.
   */
  protected abstract void populate(Path dir, List<Path> parents) throws IOException;

  /** The mounts exposing snapshot directory {@code dir} of {@code kind} (ACTIVE or VIEW) over {@code parents}; pure. */
  protected abstract List<Mount> mountsOf(Path dir, SnapshotInfo.Kind kind, List<Path> parents);

  @Override
  public final String name() {
    return driver;
  }

  /** The driver's root directory. */
  public final Path root() {
    return root;
  }

  @Override
  public List<Mount> prepare(String key, String parent) {
    return create("prepare", key, parent, SnapshotInfo.Kind.ACTIVE);
  }

  @Override
  public List<Mount> view(String key, String parent) {
    return create("view", key, parent, SnapshotInfo.Kind.VIEW);
  }

  /**
   * Reserves the key and a directory id under the lock, fills the directory outside it (a vfs copy can take
   * seconds, and stat, walk or other prepares should not wait for it), then records the snapshot under the lock.
   * While in flight the key is taken and its parent counts as in use.
   */
  private List<Mount> create(String action, String key, String parent, SnapshotInfo.Kind kind) {
    checkKey(action, key);
    String what = action + " snapshot " + key;
    List<Path> parents;
    long id;
    lock.lock();
    try {
      ensureOpen();
      if (meta.get(key).isPresent() || pending.containsKey(key)) {
        throw new ConflictException(what + ": a snapshot with that key or name already exists");
      }
      parents = parentDirs(what, parent);
      id = meta.reserveId();
      pending.put(key, parent == null ? "" : parent);
    } finally {
      lock.unlock();
    }
    Path dir = snapshots.resolve(Long.toString(id));
    try {
      Trees.delete(dir); // debris of a crash between mkdir and index write
      Files.createDirectory(dir);
      populate(dir, parents);
      record(SnapshotRecord.create(id, key, parent, kind));
      return mountsOf(dir, kind, parents);
    } catch (IOException | RuntimeException e) {
      unreserve(key);
      deleteQuietly(dir);
      throw e instanceof IOException io ? failure(what, io) : (RuntimeException) e;
    }
  }

  private void record(SnapshotRecord r) throws IOException {
    lock.lock();
    try {
      ensureOpen();
      meta.add(r);
      pending.remove(r.key());
    } finally {
      lock.unlock();
    }
  }

  private void unreserve(String key) {
    lock.lock();
    try {
      pending.remove(key);
    } finally {
      lock.unlock();
    }
  }

  /** The directories of {@code parent} and its ancestors, topmost first; empty for no parent. */
  private List<Path> parentDirs(String action, String parent) {
    List<Path> dirs = new ArrayList<>();
    String next = parent;
    while (next != null) {
      String name = next;
      SnapshotRecord r = meta.get(name).orElseThrow(
          () -> new NotFoundException(action + ": no such parent snapshot: " + name));
      if (r.kind() != SnapshotInfo.Kind.COMMITTED) {
        throw new InvalidArgumentException(action + ": parent " + name + " is " + kindName(r) + ", not committed");
      }
      dirs.add(dirOf(r));
      next = r.parent();
    }
    return dirs;
  }

  @Override
  public List<Mount> mounts(String key) {
    lock.lock();
    try {
      ensureOpen();
      SnapshotRecord r = require("get mounts of snapshot", key);
      if (r.kind() == SnapshotInfo.Kind.COMMITTED) {
        throw new InvalidArgumentException("get mounts of snapshot " + key
            + ": it is committed; prepare or view a snapshot on top of it to mount it");
      }
      return mountsOf(dirOf(r), r.kind(), parentDirs("get mounts of snapshot " + key, r.parent()));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void commit(String name, String key) {
    checkKey("commit snapshot", name);
    lock.lock();
    try {
      ensureOpen();
      SnapshotRecord r = require("commit snapshot", key);
      if (r.kind() != SnapshotInfo.Kind.ACTIVE) {
        throw new InvalidStateException("snapshot " + key, kindName(r), "committed");
      }
      if (meta.get(name).isPresent()) {
        throw new ConflictException("commit snapshot " + key + " as " + name + ": " + name + " already exists");
      }
      refuseIfMounted("commit snapshot " + key, r);
      meta.replace(key, r.committedAs(name));
    } catch (IOException e) {
      throw failure("commit snapshot " + key + " as " + name, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void remove(String key) {
    lock.lock();
    try {
      ensureOpen();
      SnapshotRecord r = require("remove snapshot", key);
      List<String> children = new ArrayList<>(meta.children(key).stream().map(SnapshotRecord::key).toList());
      pending.forEach((k, p) -> {
        if (p.equals(key)) children.add(k);
      });
      if (!children.isEmpty()) {
        throw new ConflictException("remove snapshot " + key + ": in use by " + children.size()
            + " child snapshot(s): " + String.join(", ", children));
      }
      refuseIfMounted("remove snapshot " + key, r);
      meta.remove(key);
      Path dir = dirOf(r);
      try {
        trash.delete(dir);
      } catch (IOException e) {
        throw new SystemException("remove snapshot " + key + ": forgotten, but deleting " + dir + " failed ("
            + e.getMessage() + "); it will be deleted at the next start", e);
      }
    } catch (IOException e) {
      throw failure("remove snapshot " + key, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<SnapshotInfo> stat(String keyOrName) {
    lock.lock();
    try {
      ensureOpen();
      return meta.get(keyOrName).map(SnapshotRecord::info);
    } finally {
      lock.unlock();
    }
  }

  /** Visits every snapshot, in creation order; the visitor runs outside the lock and may call back in. */
  @Override
  public void walk(Consumer<SnapshotInfo> visitor) {
    List<SnapshotInfo> infos;
    lock.lock();
    try {
      ensureOpen();
      infos = meta.all().stream().map(SnapshotRecord::info).toList();
    } finally {
      lock.unlock();
    }
    infos.forEach(visitor);
  }

  /** Disk used by the snapshot's own directory: for overlay its upper layer, for vfs its full copy. */
  @Override
  public Usage usage(String keyOrName) {
    lock.lock();
    try {
      ensureOpen();
      SnapshotRecord r = require("get disk usage of snapshot", keyOrName);
      return Trees.usage(dirOf(r));
    } catch (IOException e) {
      throw failure("get disk usage of snapshot " + keyOrName, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      trash.awaitDeletions();
      closeQuietly();
    } finally {
      lock.unlock();
    }
  }

  /** Takes the root's lock file; closing the channel releases it. */
  private void lockRoot() throws IOException {
    FileLock l;
    try {
      l = lockFile.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      throw new ConflictException("open " + driver + " storage at " + root + ": it is in use by another "
          + "snapshotter (lock " + root.resolve("lock") + " is held)");
    }
  }

  private void closeQuietly() {
    try {
      lockFile.close();
    } catch (IOException e) {
      LOG.warn("closing {} storage lock at {}: {}", driver, root, e.getMessage());
    }
  }

  /** Deletes snapshot directories no index entry names: debris of a crash during prepare or remove. */
  private void removeOrphans() throws IOException {
    Set<String> known = new HashSet<>();
    for (SnapshotRecord r : meta.all()) known.add(Long.toString(r.id()));
    MountTable table = MountTable.read();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(snapshots)) {
      for (Path p : entries) {
        if (known.contains(p.getFileName().toString())) continue;
        List<Path> users = table.usersOf(p);
        if (!users.isEmpty()) {
          LOG.warn("{} storage: keeping orphaned snapshot directory {}: still mounted at {}", driver, p, users);
          continue;
        }
        LOG.info("{} storage: deleting orphaned snapshot directory {}", driver, p);
        Trees.delete(p);
      }
    }
  }

  private void refuseIfMounted(String action, SnapshotRecord r) throws IOException {
    List<Path> users = MountTable.read().usersOf(dirOf(r));
    if (!users.isEmpty()) {
      throw new ConflictException(action + ": it is still mounted at "
          + String.join(", ", users.stream().map(Path::toString).toList()) + "; unmount it first");
    }
  }

  private SnapshotRecord require(String action, String key) {
    if (key == null) throw new InvalidArgumentException(action + ": key must not be null");
    return meta.get(key).orElseThrow(() -> new NotFoundException(action + " " + key + ": no such snapshot"));
  }

  private Path dirOf(SnapshotRecord r) {
    return snapshots.resolve(Long.toString(r.id()));
  }

  private void ensureOpen() {
    if (closed) throw new InvalidStateException(driver + " storage at " + root, "closed", "in use");
  }

  private static void checkKey(String action, String key) {
    if (key == null || key.isBlank()) throw new InvalidArgumentException(action + ": key must not be empty");
    if (key.length() > MAX_KEY_LENGTH || key.indexOf('\0') >= 0) {
      throw new InvalidArgumentException(action + " " + key.substring(0, Math.min(key.length(), 64))
          + ": key must be at most " + MAX_KEY_LENGTH + " characters without NUL");
    }
  }

  private static String kindName(SnapshotRecord r) {
    return r.kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static SystemException failure(String action, IOException e) {
    return new SystemException(action + ": " + e.getMessage(), e);
  }

  private static void deleteQuietly(Path dir) {
    try {
      Trees.delete(dir);
    } catch (IOException e) {
      LOG.warn("cleaning up {} after a failed snapshot: {}", dir, e.getMessage());
    }
  }
}
