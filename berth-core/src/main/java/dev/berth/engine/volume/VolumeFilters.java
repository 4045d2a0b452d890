package dev.berth.engine.volume;

import dev.berth.errors.InvalidArgumentException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The filters of {@code docker volume ls} ({@code name}, {@code label}, {@code dangling}, {@code driver}) and of
 * {@code docker volume prune} ({@code label}, {@code label!}, {@code all}), with dockerd's meanings: {@code name}
 * is a regular expression searched in the name (so a plain word matches any part of it), {@code label} is
 * {@code key} or {@code key=value}, values of one filter are alternatives and different filters must all hold.
 */
final class VolumeFilters {
  private static final Set<String> LIST = Set.of("name", "label", "dangling", "driver");
  private static final Set<String> PRUNE = Set.of("label", "label!", "all");

  private final Map<String, List<String>> filters;

  private VolumeFilters(Map<String, List<String>> filters, Set<String> allowed) {
    this.filters = filters == null ? Map.of() : Map.copyOf(filters);
    for (String key : this.filters.keySet()) {
      if (!allowed.contains(key)) {
        throw new InvalidArgumentException("invalid filter '" + key + "' (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
    dangling(); // a bad boolean is refused before anything is listed or removed
    all();
  }

  static VolumeFilters forList(Map<String, List<String>> filters) {
    return new VolumeFilters(filters, LIST);
  }

  static VolumeFilters forPrune(Map<String, List<String>> filters) {
    return new VolumeFilters(filters, PRUNE);
  }

  /** Whether a volume with this record, in use by {@code users} containers, is listed. */
  boolean lists(VolumeRecord v, int users) {
    Boolean dangling = dangling();
    if (dangling != null && dangling != (users == 0)) return false;
    return anyOrNone("name", n -> search(n, v.name()))
        && anyOrNone("driver", d -> d.equals(v.driver()))
        && labels(v.labels());
  }

  /** Whether prune may take this unused volume: anonymous ones only, unless {@code all}. */
  boolean prunes(VolumeRecord v, boolean all) {
    if (!(all || Boolean.TRUE.equals(all())) && !v.anonymous()) return false;
    return labels(v.labels()) && filters.getOrDefault("label!", List.of()).stream().noneMatch(l -> hasLabel(v.labels(), l));
  }

  private boolean labels(Map<String, String> labels) {
    return filters.getOrDefault("label", List.of()).stream().allMatch(l -> hasLabel(labels, l));
  }

  private boolean anyOrNone(String key, java.util.function.Predicate<String> test) {
    List<String> values = filters.get(key);
    return values == null || values.isEmpty() || values.stream().anyMatch(test);
  }

  private static boolean search(String pattern, String name) {
    try {
      return Pattern.compile(pattern).matcher(name).find();
    } catch (PatternSyntaxException e) {
      return name.contains(pattern);
    }
  }

  static boolean hasLabel(Map<String, String> labels, String filter) {
    int eq = filter.indexOf('=');
    if (eq < 0) return labels.containsKey(filter);
    return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
  }

  private Boolean dangling() {
    return bool("dangling");
  }

  private Boolean all() {
    return bool("all");
  }

  private Boolean bool(String key) {
    List<String> values = filters.get(key);
    if (values == null || values.isEmpty()) return null;
    return switch (values.getLast().toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new InvalidArgumentException("invalid filter '" + key + "=" + values.getLast() + "': expected true or false");
    };
  }
}
