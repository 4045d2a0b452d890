package dev.berth.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.sys.AtomicWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A driver's snapshot index: one JSON file ({@code metadata.json}) replaced atomically on every change (write a
 * temporary file, fsync it, rename it over the old one, fsync the directory), so a crash leaves either the old or
 * the new index and never a torn one. Each change is saved before it becomes visible in memory: if the write fails,
 * nothing changed.
 *
 * <p>Not thread-safe: its owner, {@link DirectorySnapshotter}, serialises all calls under one lock.
 */
final class MetaStore {
  private static final int VERSION = 1;
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** The file's document. {@code nextId} only grows, so a removed snapshot's id is never reused. */
  record Document(int version, String driver, long nextId, List<SnapshotRecord> snapshots) {
    Document {
      snapshots = List.copyOf(snapshots);
    }
  }

  private final Path file;
  private final String driver;
  private long nextId;
  private Map<String, SnapshotRecord> byKey;

  private MetaStore(Path file, String driver, long nextId, Map<String, SnapshotRecord> byKey) {
    this.file = file;
    this.driver = driver;
    this.nextId = nextId;
    this.byKey = byKey;
  }

  /**
   * Reads the index at {@code file}, or starts an empty one. Fails if the index belongs to another driver: an
   * overlay root opened as vfs would otherwise hand out upper directories as if they were full copies.
   */
  static MetaStore open(Path file, String driver) throws IOException {
    if (!Files.exists(file)) return new MetaStore(file, driver, 1, new LinkedHashMap<>());
    Document doc;
    try {
      doc = MAPPER.readValue(Files.readAllBytes(file), Document.class);
    } catch (JsonProcessingException e) {
      throw new IOException("malformed snapshot index " + file + ": " + e.getOriginalMessage(), e);
    }
    if (doc.version() != VERSION) {
      throw new IOException("snapshot index " + file + " has version " + doc.version() + ", expected " + VERSION);
    }
    if (!driver.equals(doc.driver())) {
      throw new IllegalArgumentException(
          "storage root " + file.getParent() + " holds " + doc.driver() + " snapshots, not " + driver);
    }
    Map<String, SnapshotRecord> byKey = new LinkedHashMap<>();
    long maxId = 0;
    for (SnapshotRecord r : doc.snapshots()) {
      byKey.put(r.key(), r);
      maxId = Math.max(maxId, r.id());
    }
    return new MetaStore(file, driver, Math.max(doc.nextId(), maxId + 1), byKey);
  }

  Optional<SnapshotRecord> get(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  Collection<SnapshotRecord> all() {
    return List.copyOf(byKey.values());
  }

  /** The id the next {@link #reserveId} will hand out. */
  long peekId() {
    return nextId;
  }

  /**
   * Hands out a fresh directory id for a snapshot in the making. It is saved with the next change; an id reserved
   * but never saved before a crash may be handed out again after it, when its debris has been deleted.
   */
  long reserveId() {
    return nextId++;
  }

  List<SnapshotRecord> children(String name) {
    List<SnapshotRecord> out = new ArrayList<>();
    for (SnapshotRecord r : byKey.values()) if (name.equals(r.parent())) out.add(r);
    return out;
  }

  /** Adds a record whose id came from {@link #reserveId}, and saves. */
  void add(SnapshotRecord record) throws IOException {
    if (record.id() >= nextId) throw new IllegalArgumentException("snapshot id " + record.id() + " was not reserved");
    if (byKey.containsKey(record.key())) throw new IllegalArgumentException("snapshot " + record.key() + " exists");
    Map<String, SnapshotRecord> next = new LinkedHashMap<>(byKey);
    next.put(record.key(), record);
    save(next, nextId);
  }

  /** Replaces the record under {@code oldKey} by {@code record} (a commit renames), and saves. */
  void replace(String oldKey, SnapshotRecord record) throws IOException {
    Map<String, SnapshotRecord> next = new LinkedHashMap<>(byKey);
    next.remove(oldKey);
    next.put(record.key(), record);
    save(next, nextId);
  }

  /**
   * Removal is saved atomically but not forced to disk, which spares two fsyncs on every container removal.
   * The cost: after a power loss the record of a removed snapshot may come back, naming a directory that is
   * gone; removing that key again clears it.
   */
  void remove(String key) throws IOException {
    Map<String, SnapshotRecord> next = new LinkedHashMap<>(byKey);
    next.remove(key);
    save(next, nextId, false);
  }

  private void save(Map<String, SnapshotRecord> next, long nextNextId) throws IOException {
    save(next, nextNextId, true);
  }

  private void save(Map<String, SnapshotRecord> next, long nextNextId, boolean durable) throws IOException {
    byte[] bytes = MAPPER.writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(new Document(VERSION, driver, nextNextId, List.copyOf(next.values())));
    writeAtomically(file, bytes, durable);
    byKey = next;
    nextId = nextNextId;
  }

  /** Writes {@code bytes} to {@code file} so that readers see the old or the new content, even after a crash. */
  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    writeAtomically(file, bytes, true);
  }

  private static void writeAtomically(Path file, byte[] bytes, boolean durable) throws IOException {
    AtomicWrite.replace(file, bytes, durable ? AtomicWrite.Durability.DURABLE : AtomicWrite.Durability.LAZY);
  }
}
