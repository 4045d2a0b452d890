package dev.berth.api;

import java.util.Map;
import java.util.Optional;

/**
 * A route's path: either literal ({@code /images/json}) or with one greedy variable between a literal prefix
 * and suffix ({@code /images/{name}/json}). The variable may contain slashes and colons, because image names
 * do ({@code localhost:5000/a/b:tag}), so it is matched by prefix and suffix, never by segment.
 */
public record PathTemplate(String template, String prefix, String variable, String suffix) {
  public static PathTemplate of(String template) {
    int open = template.indexOf('{');
    if (open < 0) return new PathTemplate(template, template, null, "");
    int close = template.indexOf('}', open);
    if (close < 0 || template.indexOf('{', close) >= 0) {
      throw new IllegalArgumentException("path template needs at most one {variable}: " + template);
    }
    return new PathTemplate(template, template.substring(0, open), template.substring(open + 1, close), template.substring(close + 1));
  }

  public boolean literal() {
    return variable == null;
  }

  /** The variables when the path matches, else empty. The variable must be non-empty. */
  public Optional<Map<String, String>> match(String path) {
    if (literal()) return path.equals(prefix) ? Optional.of(Map.of()) : Optional.empty();
    if (!path.startsWith(prefix) || !path.endsWith(suffix)) return Optional.empty();
    int end = path.length() - suffix.length();
    if (end <= prefix.length()) return Optional.empty();
    return Optional.of(Map.of(variable, path.substring(prefix.length(), end)));
  }
}
