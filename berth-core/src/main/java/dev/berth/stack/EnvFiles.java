package dev.berth.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * {@code env_file:}: one path or a list of paths (or of {@code {path, required}}), relative to the stack file's
 * directory, read in order in the {@code .env} format; a later file wins. A missing file is a problem unless
 * {@code required: false}.
 */
final class EnvFiles {
  private static final Set<String> KEYS = Set.of("path", "required");

  private EnvFiles() {}

  static Map<String, String> read(Node node, String path, Path baseDir, ValueReader values) {
    Map<String, String> env = new LinkedHashMap<>();
    if (YamlNodes.isNull(node)) return env;
    List<Node> items = node instanceof SequenceNode s ? s.getValue() : List.of(node);
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String itemPath = node instanceof SequenceNode ? path + "[" + i + "]" : path;
      String file;
      boolean required = true;
      if (item instanceof MappingNode) {
        Map<String, YamlNodes.Field> f = YamlNodes.fields(item, itemPath, KEYS, values.problems());
        file = f.containsKey("path") ? values.text(f.get("path").value(), itemPath + ".path") : null;
        Boolean r = f.containsKey("required") ? values.bool(f.get("required").value(), itemPath + ".required") : null;
        required = r == null || r;
      } else {
        file = values.text(item, itemPath);
      }
      if (file != null) env.putAll(readOne(file, required, YamlNodes.line(item), itemPath, baseDir, values));
    }
    return env;
  }

  private static Map<String, String> readOne(String file, boolean required, int line, String path, Path baseDir, ValueReader values) {
    Path p;
    try {
      p = Path.of(VolumeSyntax.hostPath(file, baseDir, values.environment()));
    } catch (IllegalArgumentException e) {
      values.problems().add(line, path + ": " + e.getMessage());
      return Map.of();
    }
    try {
      return DotEnv.parse(Files.readString(p), values.environment(), values.problems()::warn);
    } catch (NoSuchFileException e) {
      if (required) values.problems().add(line, path + ": env file " + p + " not found");
    } catch (IOException e) {
      values.problems().add(line, path + ": cannot read env file " + p + ": " + e.getMessage());
    } catch (DotEnv.DotEnvException e) {
      values.problems().add(new StackLocation(file, e.line), e.getMessage());
    }
    return Map.of();
  }
}
