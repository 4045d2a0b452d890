package dev.berth.engine.image;

import dev.berth.errors.ConflictException;
import dev.berth.errors.NotFoundException;
import dev.berth.storage.Mount;
import dev.berth.storage.SnapshotInfo;
import dev.berth.storage.SnapshotInfo.Kind;
import dev.berth.storage.Snapshotter;
import dev.berth.storage.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** A snapshotter of plain directories without copies or mounts, following the Snapshotter contract. */
final class FakeSnapshotter implements Snapshotter {
  private record Snap(SnapshotInfo info, Path dir) {}

  private final Path root;
  private final Map<String, Snap> snaps = new LinkedHashMap<>();

  FakeSnapshotter(Path root) {
    this.root = root;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public synchronized List<Mount> prepare(String key, String parent) {
    if (snaps.containsKey(key)) throw new ConflictException("snapshot " + key + " already exists");
    if (parent != null && (!snaps.containsKey(parent) || snaps.get(parent).info().kind() != Kind.COMMITTED)) {
      throw new NotFoundException("parent snapshot " + parent + " not found");
    }
    Path dir = root.resolve(UUID.randomUUID().toString());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    snaps.put(key, new Snap(new SnapshotInfo(key, parent, Kind.ACTIVE, Instant.now(), Map.of()), dir));
    return mounts(key);
  }

  @Override
  public List<Mount> view(String key, String parent) {
    return prepare(key, parent);
  }

  @Override
  public synchronized List<Mount> mounts(String key) {
    Snap s = snaps.get(key);
    if (s == null) throw new NotFoundException("snapshot " + key + " not found");
    return List.of(new Mount("bind", s.dir().toString(), List.of("rbind", "rw")));
  }

  @Override
  public synchronized void commit(String name, String key) {
    Snap s = snaps.get(key);
    if (s == null || s.info().kind() != Kind.ACTIVE) throw new NotFoundException("active snapshot " + key + " not found");
    if (snaps.containsKey(name)) throw new ConflictException("snapshot " + name + " already exists");
    snaps.remove(key);
    snaps.put(name, new Snap(new SnapshotInfo(name, s.info().parent(), Kind.COMMITTED, Instant.now(), Map.of()), s.dir()));
  }

  @Override
  public synchronized void remove(String key) {
    Snap s = snaps.get(key);
    if (s == null) throw new NotFoundException("snapshot " + key + " not found");
    if (snaps.values().stream().anyMatch(c -> key.equals(c.info().parent()))) {
      throw new ConflictException("snapshot " + key + " is in use");
    }
    snaps.remove(key);
  }

  @Override
  public synchronized Optional<SnapshotInfo> stat(String keyOrName) {
    return Optional.ofNullable(snaps.get(keyOrName)).map(Snap::info);
  }

  @Override
  public void walk(Consumer<SnapshotInfo> visitor) {
    List<SnapshotInfo> all;
    synchronized (this) {
      all = snaps.values().stream().map(Snap::info).toList();
    }
    all.forEach(visitor);
  }

  @Override
  public synchronized Usage usage(String keyOrName) {
    Snap s = snaps.get(keyOrName);
    if (s == null) throw new NotFoundException("snapshot " + keyOrName + " not found");
    try (Stream<Path> files = Files.walk(s.dir())) {
      long size = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      return new Usage(size, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {}
}
