package dev.berth.api.containers;

import dev.berth.errors.InvalidArgumentException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Times as Docker writes and reads them on the wire. */
public final class ApiTimes {
  /** Go's zero time, which Docker prints for "never" (a container that never started). */
  public static final String ZERO = "0001-01-01T00:00:00Z";

  /** Docker's log timestamps: RFC 3339 with nine fraction digits, always UTC. */
  private static final DateTimeFormatter NANO_FIXED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private ApiTimes() {}

  /** RFC 3339 with nanoseconds, or {@link #ZERO} for null. */
  public static String rfc3339(Instant t) {
    return t == null ? ZERO : t.toString();
  }

  /** The fixed-width form {@code docker logs -t} prints: {@code 2026-11-28T07:44:55.060323934Z}. */
  public static String rfc3339NanoFixed(Instant t) {
    return NANO_FIXED.format(t);
  }

  /**
   * A {@code since}/{@code until} parameter: Unix seconds with an optional fraction ({@code 1700000000.5}, what
   * the CLI sends) or RFC 3339. Null, empty and "0" mean unbounded (null).
   */
  public static Instant parseTimestamp(String param, String value) {
    if (value == null || value.isEmpty() || value.equals("0")) return null;
    try {
      BigDecimal seconds = new BigDecimal(value);
      long whole = seconds.longValue();
      long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
      return Instant.ofEpochSecond(whole, nanos);
    } catch (NumberFormatException | ArithmeticException e) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e2) {
        throw new InvalidArgumentException("invalid value for " + param + ": '" + value + "' is neither Unix seconds nor an RFC 3339 time");
      }
    }
  }
}
