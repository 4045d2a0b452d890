package dev.berth.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads typed values out of YAML nodes, interpolating every scalar on the way (Compose interpolates values,
 * never keys). A value of the wrong type is reported with its path, line and what was expected, and reads as
 * null, so the reading goes on and finds the next problem.
 */
final class ValueReader {
  private final Problems problems;
  private final Interpolator interpolator;
  private final Map<String, String> environment;

  ValueReader(Problems problems, Map<String, String> environment) {
    this.problems = problems;
    this.environment = Map.copyOf(environment);
    this.interpolator = new Interpolator(environment, problems::warn);
  }

  Problems problems() {
    return problems;
  }

  Map<String, String> environment() {
    return environment;
  }

  /** A scalar of any type as interpolated text; null when absent or null; a problem for a list or mapping. */
  String text(Node node, String path) {
    if (YamlNodes.isNull(node)) return null;
    if (!(node instanceof ScalarNode s)) return wrongType(node, path, "a string");
    return interpolate(s.getValue(), YamlNodes.line(node), path);
  }

  String interpolate(String raw, int line, String path) {
    try {
      return interpolator.interpolate(raw);
    } catch (Interpolator.InterpolationException e) {
      problems.add(line, path + ": " + e.getMessage());
      return raw;
    }
  }

  Boolean bool(Node node, String path) {
    String t = text(node, path);
    if (t == null) return null;
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> wrongType(node, path, "true or false");
    };
  }

  Integer integer(Node node, String path) {
    String t = text(node, path);
    if (t == null) return null;
    try {
      return Integer.parseInt(t.strip());
    } catch (NumberFormatException e) {
      return wrongType(node, path, "a whole number");
    }
  }

  /** A list of scalars; a problem for anything else. */
  List<String> strings(Node node, String path) {
    if (YamlNodes.isNull(node)) return List.of();
    List<String> out = new ArrayList<>();
    List<Node> items = YamlNodes.items(node, path, problems);
    for (int i = 0; i < items.size(); i++) {
      String t = text(items.get(i), path + "[" + i + "]");
      if (t != null) out.add(t);
    }
    return out;
  }

  /** A string (one item) or a list of strings. */
  List<String> stringOrList(Node node, String path) {
    if (node instanceof SequenceNode || YamlNodes.isNull(node)) return strings(node, path);
    String t = text(node, path);
    return t == null ? List.of() : List.of(t);
  }

  /**
   * {@code command:}/{@code entrypoint:}: a string split into words as a shell does, or a list as is; null when
   * absent.
   */
  List<String> command(Node node, String path) {
    if (node == null) return null;
    if (node instanceof SequenceNode) return strings(node, path);
    String t = text(node, path);
    if (t == null) return null;
    try {
      return ShellWords.split(t);
    } catch (ShellWords.ShellWordsException e) {
      problems.add(YamlNodes.line(node), path + ": " + e.getMessage());
      return null;
    }
  }

  /**
   * A mapping {@code KEY: value} or a list of {@code KEY=value}, as {@code environment}, {@code labels} and
   * {@code build.args} take. A key without a value takes the variable from the environment when
   * {@code fromEnvironment} (and is left out when it is unset there), else it is the empty string.
   */
  Map<String, String> dictionary(Node node, String path, boolean fromEnvironment) {
    Map<String, String> out = new LinkedHashMap<>();
    if (YamlNodes.isNull(node)) return out;
    if (node instanceof MappingNode) {
      for (YamlNodes.Field f : YamlNodes.entries(node, path, problems)) {
        put(out, f.key(), YamlNodes.isNull(f.value()) ? null : text(f.value(), path + "." + f.key()), fromEnvironment);
      }
      return out;
    }
    if (!(node instanceof SequenceNode)) {
      wrongType(node, path, "a mapping or a list of KEY=VALUE");
      return out;
    }
    List<Node> items = YamlNodes.items(node, path, problems);
    for (int i = 0; i < items.size(); i++) {
      String item = text(items.get(i), path + "[" + i + "]");
      if (item == null) continue;
      int eq = item.indexOf('=');
      put(out, eq < 0 ? item : item.substring(0, eq), eq < 0 ? null : item.substring(eq + 1), fromEnvironment);
    }
    return out;
  }

  private void put(Map<String, String> out, String key, String value, boolean fromEnvironment) {
    if (value != null) {
      out.put(key, value);
    } else if (!fromEnvironment) {
      out.put(key, "");
    } else if (environment.containsKey(key)) {
      out.put(key, environment.get(key));
    }
  }

  <T> T wrongType(Node node, String path, String expected) {
    problems.add(YamlNodes.line(node), path + ": expected " + expected + ", got " + YamlNodes.kind(node));
    return null;
  }
}
