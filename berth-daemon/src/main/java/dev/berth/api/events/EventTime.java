package dev.berth.api.events;

import dev.berth.errors.InvalidArgumentException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code since}/{@code until} times of {@code /events}: unix seconds with an optional fraction of up to
 * nine digits ({@code 1700000000.5}, what the docker CLI sends), or RFC 3339. In nanoseconds since the epoch.
 */
final class EventTime {
  private static final Pattern UNIX = Pattern.compile("(-?[0-9]+)(?:\\.([0-9]{1,9}))?");

  private EventTime() {}

  static long parseNanos(String name, String text) {
    Matcher m = UNIX.matcher(text);
    if (m.matches()) {
      try {
        long seconds = Long.parseLong(m.group(1));
        String frac = m.group(2) == null ? "" : m.group(2);
        long nanos = frac.isEmpty() ? 0 : Long.parseLong((frac + "000000000").substring(0, 9));
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
      } catch (ArithmeticException | NumberFormatException e) {
        throw invalid(name, text);
      }
    }
    try {
      var t = OffsetDateTime.parse(text).toInstant();
      return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    } catch (DateTimeParseException e) {
      throw invalid(name, text);
    }
  }

  private static InvalidArgumentException invalid(String name, String text) {
    return new InvalidArgumentException(
        "invalid " + name + " time \"" + text + "\": expected unix seconds (1700000000 or 1700000000.123) or RFC 3339");
  }
}
