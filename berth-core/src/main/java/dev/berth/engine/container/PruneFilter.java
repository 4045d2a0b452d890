package dev.berth.engine.container;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.runtime.container.Container;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Docker's {@code container prune} filters: {@code until} (a Unix timestamp, an RFC 3339 time or a duration
 * such as {@code 10m} before now: only containers created before it), {@code label} and {@code label!}
 * ({@code key} or {@code key=value}, which must all match, or all not match).
 */
final class PruneFilter {
  private PruneFilter() {}

  static Predicate<Container> of(Map<String, List<String>> filters) {
    List<Predicate<Container>> all = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : filters.entrySet()) {
      for (String v : e.getValue()) {
        all.add(switch (e.getKey()) {
          case "until" -> {
            Instant t = until(v, Instant.now());
            yield c -> c.created().isBefore(t);
          }
          case "label" -> c -> label(c, v);
          case "label!" -> c -> !label(c, v);
          default -> throw new InvalidArgumentException("invalid filter '" + e.getKey() + "'");
        });
      }
    }
    return c -> all.stream().allMatch(p -> p.test(c));
  }

  static Instant until(String value, Instant now) {
    try {
      if (value.matches("\\d+(\\.\\d+)?")) {
        double seconds = Double.parseDouble(value);
        return Instant.ofEpochSecond((long) seconds, (long) ((seconds % 1) * 1e9));
      }
      if (value.matches("(\\d+(ns|us|ms|s|m|h))+")) {
        return now.minus(duration(value));
      }
      return Instant.parse(value);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new InvalidArgumentException("invalid filter 'until=" + value + "': expected a timestamp or a duration such as 24h");
    }
  }

  private static Duration duration(String text) {
    Duration d = Duration.ZERO;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ns|us|ms|s|m|h)").matcher(text);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      d = d.plus(switch (m.group(2)) {
        case "ns" -> Duration.ofNanos(n);
        case "us" -> Duration.ofNanos(n * 1000);
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      });
    }
    return d;
  }

  private static boolean label(Container c, String filter) {
    Map<String, String> labels = c.config().basic().labels();
    int eq = filter.indexOf('=');
    return eq < 0 ? labels.containsKey(filter) : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
  }
}
