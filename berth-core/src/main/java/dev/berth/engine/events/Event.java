package dev.berth.engine.events;

import java.util.Map;

/**
 * An engine event, shaped like Docker's {@code /events} messages: {@code type} "image" or "container",
 * {@code action} "tag", "untag", "delete", "load", "import", …, the actor's ID and attributes (for images,
 * "name"), and the time in nanoseconds since the epoch.
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes, long timeNano) {
  public Event {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  public long timeSeconds() {
    return timeNano / 1_000_000_000L;
  }
}
