package dev.berth.runtime.container;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.oci.Json;
import dev.berth.runtime.state.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container store on disk: {@code <dataRoot>/containers/<id>/config.json} and {@code state.json}, each
 * replaced atomically. A new container's directory is written under a hidden name and renamed into place,
 * and a removed one is renamed aside before its files are deleted, so a crash never leaves half a container
 * visible; hidden leftovers are deleted on open.
 *
 * <p>Locking: each container has its own reentrant lock for its changes; the name index has one lock, taken
 * after a container's lock when both are needed. Readers see immutable {@link Container} values without
 * locking, and only after they are on disk.
 */
public final class DiskContainerStore implements ContainerStore {
  private static final Logger LOG = LoggerFactory.getLogger(DiskContainerStore.class);
  static final String CONFIG = "config.json";
  static final String STATE = "state.json";
  private static final Set<Status> RECONCILE = EnumSet.of(Status.RUNNING, Status.PAUSED, Status.RESTARTING, Status.REMOVING);

  private final Path dir;
  private final Map<ContainerId, Container> containers = new ConcurrentHashMap<>();
  private final Map<ContainerId, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final ReentrantLock indexLock = new ReentrantLock();
  private final Map<String, ContainerId> names = new HashMap<>();
  private final Set<ContainerId> unreconciled = ConcurrentHashMap.newKeySet();

  private DiskContainerStore(Path dir) {
    this.dir = dir;
  }

  /** Opens the store under {@code dataRoot}, creating {@code containers/} if needed and loading every container. */
  public static DiskContainerStore open(Path dataRoot) {
    DiskContainerStore store = new DiskContainerStore(dataRoot.resolve("containers"));
    try {
      Files.createDirectories(store.dir);
      store.load();
    } catch (IOException | UncheckedIOException e) {
      throw new SystemException("opening the container store at " + store.dir + ": " + e.getMessage(), e);
    }
    return store;
  }

  private void load() throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String file = entry.getFileName().toString();
        if (file.startsWith(".")) {
          AtomicFiles.deleteTree(entry);
        } else {
          loadOne(entry).ifPresent(this::index);
        }
      }
    }
  }

  private Optional<Container> loadOne(Path entry) {
    try {
      deleteTempFiles(entry);
      StoredForms.ConfigFile config = Json.read(Files.readAllBytes(entry.resolve(CONFIG)), StoredForms.ConfigFile.class);
      StoredForms.StateFile state = Json.read(Files.readAllBytes(entry.resolve(STATE)), StoredForms.StateFile.class);
      if (!config.id().hex().equals(entry.getFileName().toString())) {
        throw new IllegalArgumentException("its ID " + config.id() + " does not match the directory name");
      }
      return Optional.of(new Container(config.id(), config.name(), Instant.parse(config.created()), config.image(),
          config.config(), state.toState(), state.restartCount(), state.manuallyStopped()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("skipping container directory {}: cannot read it: {}", entry, e.getMessage());
      return Optional.empty();
    }
  }

  private static void deleteTempFiles(Path containerDir) throws IOException {
    try (DirectoryStream<Path> tmp = Files.newDirectoryStream(containerDir, AtomicFiles.TMP_PREFIX + "*")) {
      for (Path p : tmp) Files.deleteIfExists(p);
    }
  }

  private void index(Container c) {
    ContainerId holder = names.get(c.name());
    if (holder != null) {
      LOG.warn("skipping container {}: its name {} is already used by container {}", c.id(), c.name(), holder);
      return;
    }
    names.put(c.name(), c.id());
    containers.put(c.id(), c);
    if (RECONCILE.contains(c.state().status())) unreconciled.add(c.id());
  }

  @Override
  public Container add(Container c) {
    indexLock.lock();
    try {
      if (containers.containsKey(c.id())) throw new ConflictException("Conflict. A container with ID " + c.id() + " already exists");
      ContainerId holder = names.get(c.name());
      if (holder != null) throw nameConflict(c.name(), holder);
      writeNew(c);
      names.put(c.name(), c.id());
      containers.put(c.id(), c);
      return c;
    } finally {
      indexLock.unlock();
    }
  }

  private static ConflictException nameConflict(String name, ContainerId holder) {
    return new ConflictException("Conflict. The container name \"" + name + "\" is already in use by container \"" + holder
        + "\". You have to remove (or rename) that container to be able to reuse that name.");
  }

  /**
   * Writes a new container's directory under a staging name, then renames it into place. A {@code --rm}
   * container's record is not forced to disk: after a crash it would be removed anyway (the engine removes a
   * {@code --rm} container it finds ended, and a snapshot left without its record as an orphan), and the five
   * fsyncs cost several milliseconds of every {@code run --rm}.
   */
  private void writeNew(Container c) {
    Path staging = dir.resolve(".creating-" + c.id().hex());
    boolean durable = !c.config().autoRemove();
    try {
      Files.createDirectories(staging);
      byte[] state = Json.write(StoredForms.StateFile.of(c));
      byte[] config = Json.write(StoredForms.ConfigFile.of(c));
      if (durable) {
        AtomicFiles.write(staging.resolve(STATE), state);
        AtomicFiles.write(staging.resolve(CONFIG), config);
      } else {
        AtomicFiles.replaceLazily(staging.resolve(STATE), state);
        AtomicFiles.replaceLazily(staging.resolve(CONFIG), config);
      }
      Files.move(staging, containerDir(c.id()), StandardCopyOption.ATOMIC_MOVE);
      if (durable) AtomicFiles.fsyncDirectory(dir);
    } catch (IOException e) {
      deleteQuietly(staging);
      throw new SystemException("creating " + c.describe() + ": cannot write " + containerDir(c.id()) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Container> get(ContainerId id) {
    return Optional.ofNullable(containers.get(id));
  }

  @Override
  public Container lookup(String reference) {
    if (reference == null || reference.isEmpty()) throw new InvalidArgumentException("No container name or ID given");
    Optional<Container> byId = fullId(reference).map(containers::get);
    if (byId.isPresent()) return byId.get();
    if (ContainerNames.isValid(reference)) {
      ContainerId id = nameIndex(ContainerNames.canonical(reference));
      Container named = id == null ? null : containers.get(id);
      if (named != null) return named;
    }
    return byPrefix(reference);
  }

  private static Optional<ContainerId> fullId(String reference) {
    return reference.length() == 64 && reference.matches("[0-9a-f]{64}") ? Optional.of(new ContainerId(reference)) : Optional.empty();
  }

  private ContainerId nameIndex(String canonicalName) {
    indexLock.lock();
    try {
      return names.get(canonicalName);
    } finally {
      indexLock.unlock();
    }
  }

  private Container byPrefix(String prefix) {
    if (!prefix.matches("[0-9a-f]+")) throw new NotFoundException("No such container: " + prefix);
    List<Container> matches = containers.values().stream().filter(c -> c.id().hex().startsWith(prefix)).limit(2).toList();
    if (matches.isEmpty()) throw new NotFoundException("No such container: " + prefix);
    if (matches.size() > 1) throw new InvalidArgumentException("Multiple IDs found with provided prefix: " + prefix);
    return matches.getFirst();
  }

  @Override
  public List<Container> list() {
    return containers.values().stream()
        .sorted(Comparator.comparing(Container::created).reversed().thenComparing(Container::id))
        .toList();
  }

  @Override
  public boolean nameInUse(String name) {
    return nameIndex(ContainerNames.canonical(name)) != null;
  }

  @Override
  public Container update(ContainerId id, UnaryOperator<Container> change) {
    return withLock(id, () -> {
      Container current = require(id);
      Container next = change.apply(current);
      if (next.equals(current)) return current;
      checkOnlyLifecycleChanged(current, next);
      try {
        AtomicFiles.replaceLazily(containerDir(id).resolve(STATE), Json.write(StoredForms.StateFile.of(next)));
      } catch (IOException e) {
        throw new SystemException("updating the state of " + current.describe() + ": " + e.getMessage(), e);
      }
      containers.put(id, next);
      if (next.state().status() != current.state().status()) unreconciled.remove(id);
      return next;
    });
  }

  @Override
  public Container updateConfig(ContainerId id, UnaryOperator<ContainerConfig> change) {
    return withLock(id, () -> {
      Container current = require(id);
      ContainerConfig config = change.apply(current.config());
      if (config.equals(current.config())) return current;
      Container next = current.withConfig(config);
      try {
        AtomicFiles.write(containerDir(id).resolve(CONFIG), Json.write(StoredForms.ConfigFile.of(next)));
      } catch (IOException e) {
        throw new SystemException("updating the configuration of " + current.describe() + ": " + e.getMessage(), e);
      }
      containers.put(id, next);
      return next;
    });
  }

  private static void checkOnlyLifecycleChanged(Container a, Container b) {
    if (!a.id().equals(b.id()) || !a.name().equals(b.name()) || !a.created().equals(b.created())
        || !a.imageId().equals(b.imageId()) || !a.config().equals(b.config())) {
      throw new IllegalArgumentException("updating " + a.describe() + ": only its state, restart count and manual stop may change");
    }
  }

  @Override
  public <T> T withLock(ContainerId id, Supplier<T> action) {
    ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  private Container require(ContainerId id) {
    Container c = containers.get(id);
    if (c == null) throw new NotFoundException("No such container: " + id);
    return c;
  }

  @Override
  public Container rename(ContainerId id, String newName) {
    String name = ContainerNames.canonical(newName);
    return withLock(id, () -> {
      Container current = require(id);
      if (current.name().equals(name)) {
        throw new ConflictException("Renaming " + current.describe() + ": the new name is the same as the old one");
      }
      indexLock.lock();
      try {
        ContainerId holder = names.get(name);
        if (holder != null) throw nameConflict(name, holder);
        Container next = current.withName(name);
        AtomicFiles.write(containerDir(id).resolve(CONFIG), Json.write(StoredForms.ConfigFile.of(next)));
        names.remove(current.name());
        names.put(name, id);
        containers.put(id, next);
        return next;
      } catch (IOException e) {
        throw new SystemException("renaming " + current.describe() + " to " + name + ": " + e.getMessage(), e);
      } finally {
        indexLock.unlock();
      }
    });
  }

  @Override
  public void remove(ContainerId id) {
    withLock(id, () -> {
      Container current = require(id);
      Path aside = dir.resolve(".removing-" + id.hex());
      indexLock.lock();
      try {
        Files.move(containerDir(id), aside, StandardCopyOption.ATOMIC_MOVE);
        // A --rm container that comes back after a crash is removed again when the engine finds it ended.
        if (!current.config().autoRemove()) AtomicFiles.fsyncDirectory(dir);
        names.remove(current.name());
        containers.remove(id);
        unreconciled.remove(id);
      } catch (IOException e) {
        throw new SystemException("removing " + current.describe() + ": " + e.getMessage(), e);
      } finally {
        indexLock.unlock();
      }
      deleteQuietly(aside);
      return null;
    });
    locks.remove(id);
  }

  private static void deleteQuietly(Path path) {
    try {
      AtomicFiles.deleteTree(path);
    } catch (IOException e) {
      LOG.warn("cannot delete {} (it will be retried when the store is next opened): {}", path, e.getMessage());
    }
  }

  @Override
  public List<Container> needingReconcile() {
    List<Container> out = new ArrayList<>();
    for (ContainerId id : unreconciled) get(id).ifPresent(out::add);
    out.sort(Comparator.comparing(Container::created));
    return out;
  }

  @Override
  public void reconciled(ContainerId id) {
    unreconciled.remove(id);
  }

  /** The directory that holds one container's files; the engine may keep more files there (logs, hostname). */
  public Path containerDir(ContainerId id) {
    return dir.resolve(id.hex());
  }
}
