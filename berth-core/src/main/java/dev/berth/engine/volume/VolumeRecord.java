package dev.berth.engine.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code volume.json} beside a volume's {@code _data} holds. Written once at create and again when the
 * volume is seeded, atomically each time.
 *
 * <pre>{@code {"name":"web-data","driver":"local","created":"2026-11-28T07:50:00Z","labels":{"team":"core"},
 *  "options":{},"anonymous":false,"seeded":true}}</pre>
 *
 * @param anonymous made without a name, for a container; prune removes these by default
 * @param seeded the copy-up already ran once; a volume the user emptied is never filled again
 */
record VolumeRecord(
    @JsonProperty("name") String name,
    @JsonProperty("driver") String driver,
    @JsonProperty("created") String created,
    @JsonProperty("labels") Map<String, String> labels,
    @JsonProperty("options") Map<String, String> options,
    @JsonProperty("anonymous") boolean anonymous,
    @JsonProperty("seeded") boolean seeded) {
  VolumeRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(created, "created");
    Instant.parse(created); // a record with a malformed time is refused at load, not at first use
    driver = driver == null ? LocalVolumeService.DRIVER : driver;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  Instant createdAt() {
    return Instant.parse(created);
  }

  VolumeRecord withSeeded() {
    return new VolumeRecord(name, driver, created, labels, options, anonymous, true);
  }

  /** Whether the local driver mounts something over {@code _data} (tmpfs, a bind, a device). */
  boolean mounted() {
    return !options.isEmpty();
  }
}
