package dev.berth.stack;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The YAML layer: parses text into snakeyaml's node tree (whose nodes know their lines) and reads mappings out
 * of it with merge keys ({@code <<: *anchor}) applied, duplicate keys and unsupported keys reported. Keys
 * starting with {@code x-} are Compose's extension fields: allowed anywhere a key is checked, and not read.
 */
final class YamlNodes {
  private YamlNodes() {}

  /** One key of a mapping, its line and its value node. */
  record Field(String key, int line, Node value) {}

  /** Parses one YAML document; malformed YAML is a problem at the parser's line, and gives null. */
  static Node parse(String yaml, Problems problems) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowRecursiveKeys(false);
    try {
      Node root = new Yaml(new SafeConstructor(options)).compose(new StringReader(yaml));
      if (root == null) problems.add(1, "the file is empty: a stack file needs a top-level services mapping");
      return root;
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      problems.add(line, "malformed YAML: " + e.getProblem() + context);
      return null;
    } catch (YAMLException e) {
      problems.add(0, "malformed YAML: " + e.getMessage());
      return null;
    }
  }

  static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  /** What a node is, in words, for "expected X, got Y" messages. */
  static String kind(Node node) {
    return switch (node) {
      case MappingNode m -> "a mapping";
      case SequenceNode s -> "a list";
      case ScalarNode s when s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT) -> "a number (" + s.getValue() + ")";
      case ScalarNode s when s.getTag().equals(Tag.BOOL) -> "a boolean (" + s.getValue() + ")";
      case ScalarNode s when s.getTag().equals(Tag.NULL) -> "nothing";
      case ScalarNode s -> "a string (\"" + s.getValue() + "\")";
      default -> "a " + node.getNodeId();
    };
  }

  static boolean isNull(Node node) {
    return node == null || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL));
  }

  /**
   * The fields of a mapping, in order, with merge keys applied (explicit keys win). A key outside
   * {@code allowed} (and not {@code x-…}) is reported as unsupported; a non-mapping is reported as a type error
   * and gives no fields. {@code path} names the mapping in messages ("services.web").
   */
  static Map<String, Field> fields(Node node, String path, Set<String> allowed, Problems problems) {
    Map<String, Field> fields = new LinkedHashMap<>();
    for (Field f : entries(node, path, problems)) {
      if (f.key().startsWith("x-")) continue;
      if (!allowed.contains(f.key())) {
        problems.add(f.line(), "unsupported key '" + f.key() + "' in " + path);
      } else {
        fields.put(f.key(), f);
      }
    }
    return fields;
  }

  /** All entries of a mapping, with merge keys applied; no check of the key names. */
  static List<Field> entries(Node node, String path, Problems problems) {
    if (!(node instanceof MappingNode mapping)) {
      problems.add(line(node), path + ": expected a mapping, got " + kind(node));
      return List.of();
    }
    Map<String, Field> explicit = new LinkedHashMap<>();
    List<Node> merged = new ArrayList<>();
    for (NodeTuple t : mapping.getValue()) {
      if (t.getKeyNode().getTag().equals(Tag.MERGE)) {
        merged.add(t.getValueNode());
        continue;
      }
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        problems.add(line(t.getKeyNode()), path + ": a key must be a string, got " + kind(t.getKeyNode()));
        continue;
      }
      Field previous = explicit.putIfAbsent(k.getValue(), new Field(k.getValue(), line(k), t.getValueNode()));
      if (previous != null) {
        problems.add(line(k), "duplicate key '" + k.getValue() + "' in " + path + " (first at line " + previous.line() + ")");
      }
    }
    Map<String, Field> all = new LinkedHashMap<>();
    for (Node source : merged) mergeInto(all, source, path, problems);
    explicit.forEach((key, field) -> {
      all.remove(key);
      all.put(key, field);
    });
    return List.copyOf(all.values());
  }

  private static void mergeInto(Map<String, Field> all, Node source, String path, Problems problems) {
    List<Node> sources = source instanceof SequenceNode s ? s.getValue() : List.of(source);
    for (Node one : sources) {
      for (Field f : entries(one, path + ".<<", problems)) all.putIfAbsent(f.key(), f);
    }
  }

  /** The items of a list; a non-list is a type error and gives no items. */
  static List<Node> items(Node node, String path, Problems problems) {
    if (node instanceof SequenceNode s) return s.getValue();
    problems.add(line(node), path + ": expected a list, got " + kind(node));
    return List.of();
  }
}
