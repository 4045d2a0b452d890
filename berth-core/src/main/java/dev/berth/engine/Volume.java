package dev.berth.engine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A volume as the engine presents it (Docker's {@code Volume} object).
 *
 * @param name a user's name or, for an anonymous volume, 64 hex characters
 * @param driver "local"
 * @param mountpoint the directory on the host that containers mount ({@code <data-root>/volumes/<name>/_data})
 * @param anonymous made for a container (image VOLUME, {@code -v /path}), removed with {@code rm -v}
 * @param usedBy IDs of the containers that mount it (RefCount in {@code UsageData})
 */
public record Volume(
    String name,
    String driver,
    Path mountpoint,
    Instant createdAt,
    Map<String, String> labels,
    Map<String, String> options,
    boolean anonymous,
    java.util.List<String> usedBy) {
  public Volume {
    labels = Map.copyOf(labels);
    options = Map.copyOf(options);
    usedBy = java.util.List.copyOf(usedBy);
  }
}
