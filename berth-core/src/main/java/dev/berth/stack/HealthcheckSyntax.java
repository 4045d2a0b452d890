package dev.berth.stack;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.runtime.container.Healthcheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * {@code healthcheck:}. {@code test} as a string runs in a shell ({@code CMD-SHELL}); as a list it starts with
 * {@code CMD}, {@code CMD-SHELL} or {@code NONE}. {@code interval}, {@code timeout}, {@code start_period} and
 * {@code start_interval} are Compose durations; {@code disable: true} switches off the image's healthcheck.
 */
final class HealthcheckSyntax {
  private static final Set<String> KEYS =
      Set.of("test", "interval", "timeout", "start_period", "start_interval", "retries", "disable");

  private HealthcheckSyntax() {}

  static Healthcheck read(Node node, String path, ValueReader values) {
    if (node == null) return null;
    Map<String, YamlNodes.Field> f = YamlNodes.fields(node, path, KEYS, values.problems());
    Boolean disable = f.containsKey("disable") ? values.bool(f.get("disable").value(), path + ".disable") : null;
    List<String> test = test(f.get("test"), path + ".test", values);
    if (Boolean.TRUE.equals(disable)) test = List.of("NONE");
    Integer retries = f.containsKey("retries") ? values.integer(f.get("retries").value(), path + ".retries") : null;
    try {
      return new Healthcheck(test, duration(f, "interval", path, values), duration(f, "timeout", path, values),
          duration(f, "start_period", path, values), duration(f, "start_interval", path, values),
          retries == null ? 0 : retries);
    } catch (InvalidArgumentException e) {
      values.problems().add(YamlNodes.line(node), path + ": " + e.getMessage());
      return null;
    }
  }

  private static List<String> test(YamlNodes.Field field, String path, ValueReader values) {
    if (field == null || YamlNodes.isNull(field.value())) return List.of();
    if (field.value() instanceof SequenceNode) {
      List<String> test = values.strings(field.value(), path);
      if (!test.isEmpty() && !List.of("NONE", "CMD", "CMD-SHELL").contains(test.getFirst())) {
        values.problems().add(field.line(), path + ": a test list starts with CMD, CMD-SHELL or NONE, got '" + test.getFirst() + "'");
        return List.of();
      }
      return test;
    }
    String shell = values.text(field.value(), path);
    List<String> test = new ArrayList<>();
    if (shell != null) {
      test.add("CMD-SHELL");
      test.add(shell);
    }
    return test;
  }

  private static long duration(Map<String, YamlNodes.Field> f, String key, String path, ValueReader values) {
    YamlNodes.Field field = f.get(key);
    if (field == null) return 0;
    String text = values.text(field.value(), path + "." + key);
    if (text == null) return 0;
    try {
      return ComposeDuration.parseNanos(text);
    } catch (IllegalArgumentException e) {
      values.problems().add(field.line(), path + "." + key + ": " + e.getMessage());
      return 0;
    }
  }
}
