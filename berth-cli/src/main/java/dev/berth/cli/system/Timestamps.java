package dev.berth.cli.system;

import dev.berth.cli.CliException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --since} and {@code --until} values, read as the docker CLI reads them: a Unix timestamp
 * ({@code 1700000000} or {@code 1700000000.5}), a duration before now ({@code 10m}, {@code 1h30m}), or an
 * RFC 3339 date or date-time (local time when no offset is given). The API takes seconds with nanoseconds.
 */
public final class Timestamps {
  private static final Pattern UNIX = Pattern.compile("\\d+(\\.\\d{1,9})?");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private Timestamps() {}

  /** The API's form, {@code seconds.nanoseconds}. */
  public static String toApi(String value, Instant now, ZoneId zone) {
    if (UNIX.matcher(value).matches()) return value;
    Instant t = parse(value, now, zone);
    return String.format("%d.%09d", t.getEpochSecond(), t.getNano());
  }

  static Instant parse(String value, Instant now, ZoneId zone) {
    if (value.matches("(" + DURATION.pattern() + ")+")) return now.minusNanos(durationNanos(value));
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      // try the forms without an offset
    }
    try {
      return LocalDateTime.parse(value).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      // try a bare date
    }
    try {
      return LocalDate.parse(value).atStartOfDay(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw new CliException("invalid time \"" + value + "\": expected a Unix timestamp, a duration such as 10m, or an RFC 3339 date");
    }
  }

  private static long durationNanos(String value) {
    Matcher m = DURATION.matcher(value);
    BigDecimal nanos = BigDecimal.ZERO;
    while (m.find()) {
      long unit = switch (m.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
    }
    return nanos.longValue();
  }
}
