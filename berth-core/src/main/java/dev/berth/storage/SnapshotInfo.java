package dev.berth.storage;

import java.time.Instant;
import java.util.Map;

/** What a snapshotter knows of one snapshot. {@code parent} is null for a base snapshot. */
public record SnapshotInfo(String name, String parent, Kind kind, Instant created, Map<String, String> labels) {
  public SnapshotInfo {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public enum Kind {
    ACTIVE,
    VIEW,
    COMMITTED
  }
}
