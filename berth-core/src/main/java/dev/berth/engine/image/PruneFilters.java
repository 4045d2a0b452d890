package dev.berth.engine.image;

import dev.berth.engine.Image;
import dev.berth.errors.InvalidArgumentException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filters of {@code docker image prune}: {@code dangling=true|false}, {@code until=<time>} (a Go
 * duration such as {@code 24h} before now, a Unix timestamp, or an RFC 3339 date or time) and
 * {@code label=key[=value]} / {@code label!=key[=value]} against the image config's labels. An unknown
 * filter or a malformed value is an InvalidArgumentException naming it.
 */
record PruneFilters(Boolean dangling, Instant until, List<String> labels, List<String> notLabels) {
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  PruneFilters {
    labels = List.copyOf(labels);
    notLabels = List.copyOf(notLabels);
  }

  static PruneFilters parse(Map<String, List<String>> filters, Instant now) {
    Boolean dangling = null;
    Instant until = null;
    List<String> labels = List.of();
    List<String> notLabels = List.of();
    for (Map.Entry<String, List<String>> f : (filters == null ? Map.<String, List<String>>of() : filters).entrySet()) {
      List<String> values = f.getValue() == null ? List.of() : f.getValue();
      switch (f.getKey()) {
        case "dangling" -> dangling = bool(values);
        case "until" -> until = values.isEmpty() ? null : until(values.getLast(), now);
        case "label" -> labels = values;
        case "label!" -> notLabels = values;
        default -> throw new InvalidArgumentException("invalid filter '" + f.getKey() + "' (allowed: dangling, until, label, label!)");
      }
    }
    return new PruneFilters(dangling, until, labels, notLabels);
  }

  /** Whether prune removes this image: dangling ones only, unless {@code all} or dangling=false. */
  boolean matches(Image image, boolean all) {
    boolean onlyDangling = dangling != null ? dangling : !all;
    if (onlyDangling && !image.dangling()) return false;
    if (until != null && !created(image).isBefore(until)) return false;
    Map<String, String> imageLabels = image.config().config() == null || image.config().config().labels() == null
        ? Map.of() : image.config().config().labels();
    return labels.stream().allMatch(l -> hasLabel(imageLabels, l)) && notLabels.stream().noneMatch(l -> hasLabel(imageLabels, l));
  }

  private static Instant created(Image image) {
    Instant created = HistoryBuilder.instant(image.config().created());
    return created != null ? created : image.stored();
  }

  private static boolean hasLabel(Map<String, String> labels, String filter) {
    int eq = filter.indexOf('=');
    if (eq < 0) return labels.containsKey(filter);
    return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
  }

  private static Boolean bool(List<String> values) {
    if (values.isEmpty()) return null;
    String v = values.getLast().toLowerCase(java.util.Locale.ROOT);
    return switch (v) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new InvalidArgumentException("invalid filter 'dangling=" + values.getLast() + "': expected true or false");
    };
  }

  static Instant until(String value, Instant now) {
    try {
      if (value.matches("\\d+(\\.\\d+)?")) {
        BigDecimal seconds = new BigDecimal(value);
        return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
      }
      Duration d = goDuration(value);
      if (d != null) return now.minus(d);
      if (value.length() == 10) return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
      if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")) return OffsetDateTime.parse(value).toInstant();
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new InvalidArgumentException("invalid filter 'until=" + value + "': expected a duration (24h), a Unix timestamp or an RFC 3339 time");
    }
  }

  private static Duration goDuration(String value) {
    Matcher m = DURATION_PART.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      BigDecimal n = new BigDecimal(m.group(1));
      long nanosPerUnit = switch (m.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      total = total.plusNanos(n.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
      end = m.end();
    }
    return end > 0 && end == value.length() ? total : null;
  }
}
