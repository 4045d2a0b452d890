package dev.berth.api.images;

import dev.berth.engine.Image;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** An image's creation time, from its config's RFC 3339 {@code created} (absent or bad: the epoch). */
final class ImageTimes {
  private ImageTimes() {}

  static Instant created(Image image) {
    String text = image.config() == null ? null : image.config().created();
    if (text == null || text.isEmpty()) return Instant.EPOCH;
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
