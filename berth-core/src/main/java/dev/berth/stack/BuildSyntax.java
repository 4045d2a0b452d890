package dev.berth.stack;

import dev.berth.stack.Service.BuildSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code build:}: a context directory, or a mapping of {@code context} (default {@code .}), {@code dockerfile}
 * (relative to the context, as in Compose), {@code args} and {@code target}. The context is made absolute from
 * the file's directory, because the client that read the file is the one that sends it to the builder.
 */
final class BuildSyntax {
  private static final Set<String> KEYS = Set.of("context", "dockerfile", "args", "target");

  private BuildSyntax() {}

  static BuildSpec read(Node node, String path, Path baseDir, ValueReader values) {
    if (node == null) return null;
    if (!(node instanceof MappingNode)) {
      String context = values.text(node, path);
      return context == null ? null : new BuildSpec(context(context, node, path, baseDir, values), null, Map.of(), null);
    }
    Map<String, YamlNodes.Field> f = YamlNodes.fields(node, path, KEYS, values.problems());
    String context = f.containsKey("context") ? values.text(f.get("context").value(), path + ".context") : ".";
    String dockerfile = f.containsKey("dockerfile") ? values.text(f.get("dockerfile").value(), path + ".dockerfile") : null;
    Map<String, String> args = f.containsKey("args") ? values.dictionary(f.get("args").value(), path + ".args", true) : Map.of();
    String target = f.containsKey("target") ? values.text(f.get("target").value(), path + ".target") : null;
    return new BuildSpec(context(context == null ? "." : context, node, path, baseDir, values), dockerfile, args, target);
  }

  private static String context(String context, Node node, String path, Path baseDir, ValueReader values) {
    if (context.contains("://") || context.startsWith("git@")) {
      values.problems().add(YamlNodes.line(node), path + ": remote build contexts are not supported ('" + context + "'); use a directory");
      return context;
    }
    try {
      return VolumeSyntax.hostPath(context, baseDir, values.environment());
    } catch (IllegalArgumentException e) {
      values.problems().add(YamlNodes.line(node), path + ": " + e.getMessage());
      return context;
    }
  }
}
