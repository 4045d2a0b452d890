package dev.berth.stack;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's durations ({@code 1m30s}, {@code 10s}, {@code 1.5s}, {@code 500ms}, {@code 2h}), the syntax of Go's
 * {@code time.ParseDuration}: one or more decimal numbers each with a unit {@code ns}, {@code us}, {@code ms},
 * {@code s}, {@code m} or {@code h}. A bare number is refused, as Compose refuses it.
 */
final class ComposeDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  private ComposeDuration() {}

  /** Nanoseconds, or an IllegalArgumentException saying what a duration looks like. */
  static long parseNanos(String text) {
    String t = text.strip();
    if (t.equals("0")) return 0;
    Matcher m = PART.matcher(t);
    BigDecimal total = BigDecimal.ZERO;
    int at = 0;
    while (at < t.length() && m.find(at) && m.start() == at) {
      total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
      at = m.end();
    }
    if (t.isEmpty() || at != t.length()) {
      throw new IllegalArgumentException("invalid duration '" + text + "' (expected a number with a unit, like 1m30s, 10s or 500ms)");
    }
    return total.longValue();
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw new IllegalArgumentException("unknown duration unit " + unit);
    };
  }
}
