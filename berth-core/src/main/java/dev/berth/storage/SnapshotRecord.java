package dev.berth.storage;

import java.time.Instant;
import java.util.Map;

/**
 * One snapshot as persisted in a driver's metadata index: its directory id, its key (or name, once committed),
 * its committed parent and kind. Directories are named by {@code id}, never by key, so keys may hold any
 * characters and a commit renames nothing on disk.
 *
 * @param created ISO-8601 instant, kept as text so the index needs no date codec
 */
record SnapshotRecord(
    long id, String key, String parent, SnapshotInfo.Kind kind, String created, Map<String, String> labels) {
  SnapshotRecord {
    if (id <= 0) throw new IllegalArgumentException("snapshot id must be positive: " + id);
    if (key == null || key.isEmpty()) throw new IllegalArgumentException("snapshot key must not be empty");
    if (kind == null) throw new IllegalArgumentException("snapshot " + key + ": kind missing");
    Instant.parse(created);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  static SnapshotRecord create(long id, String key, String parent, SnapshotInfo.Kind kind) {
    return new SnapshotRecord(id, key, parent, kind, Instant.now().toString(), Map.of());
  }

  /** The same directory, now committed under {@code name}. */
  SnapshotRecord committedAs(String name) {
    return new SnapshotRecord(id, name, parent, SnapshotInfo.Kind.COMMITTED, Instant.now().toString(), labels);
  }

  SnapshotInfo info() {
    return new SnapshotInfo(key, parent, kind, Instant.parse(created), labels);
  }
}
