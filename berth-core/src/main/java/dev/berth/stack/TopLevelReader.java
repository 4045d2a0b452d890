package dev.berth.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The top-level {@code volumes:} and {@code networks:} declarations. An entry may be empty ({@code data:}),
 * which means a volume or network the engine creates as {@code <project>_<name>}; {@code external: true} or
 * {@code name:} names an existing one instead.
 */
final class TopLevelReader {
  private static final Set<String> VOLUME_KEYS = Set.of("driver", "driver_opts", "external", "name", "labels");
  private static final Set<String> NETWORK_KEYS = Set.of("driver", "external", "name", "internal", "labels", "ipam");
  private static final Set<String> IPAM_KEYS = Set.of("driver", "config");
  private static final Set<String> IPAM_CONFIG_KEYS = Set.of("subnet", "gateway");

  private final ValueReader values;

  TopLevelReader(ValueReader values) {
    this.values = values;
  }

  List<VolumeDecl> volumes(Node node) {
    List<VolumeDecl> out = new ArrayList<>();
    if (YamlNodes.isNull(node)) return out;
    for (YamlNodes.Field entry : YamlNodes.entries(node, "volumes", values.problems())) {
      String path = "volumes." + entry.key();
      Map<String, YamlNodes.Field> f = fields(entry, path, VOLUME_KEYS);
      boolean external = external(f, path);
      String name = text(f, "name", path);
      out.add(new VolumeDecl(entry.key(), external, name != null ? name : external ? entry.key() : null,
          text(f, "driver", path), dictionary(f, "driver_opts", path), dictionary(f, "labels", path),
          values.problems().at(entry.line())));
    }
    return out;
  }

  List<NetworkDecl> networks(Node node) {
    List<NetworkDecl> out = new ArrayList<>();
    if (YamlNodes.isNull(node)) return out;
    for (YamlNodes.Field entry : YamlNodes.entries(node, "networks", values.problems())) {
      String path = "networks." + entry.key();
      Map<String, YamlNodes.Field> f = fields(entry, path, NETWORK_KEYS);
      boolean external = external(f, path);
      String name = text(f, "name", path);
      Boolean internal = f.containsKey("internal") ? values.bool(f.get("internal").value(), path + ".internal") : null;
      String[] ipam = ipam(f.get("ipam"), path + ".ipam");
      out.add(new NetworkDecl(entry.key(), external, name != null ? name : external ? entry.key() : null,
          text(f, "driver", path), Boolean.TRUE.equals(internal), ipam[0], ipam[1], dictionary(f, "labels", path),
          values.problems().at(entry.line())));
    }
    return out;
  }

  private Map<String, YamlNodes.Field> fields(YamlNodes.Field entry, String path, Set<String> keys) {
    return YamlNodes.isNull(entry.value()) ? Map.of() : YamlNodes.fields(entry.value(), path, keys, values.problems());
  }

  /** {@code external: true}, or Compose's older {@code external: {name: x}} (read as external, named x). */
  private boolean external(Map<String, YamlNodes.Field> f, String path) {
    YamlNodes.Field field = f.get("external");
    if (field == null) return false;
    if (field.value() instanceof MappingNode) {
      values.problems().add(field.line(), path + ".external: the form external: {name: ...} is not supported; write external: true and name: ...");
      return true;
    }
    return Boolean.TRUE.equals(values.bool(field.value(), path + ".external"));
  }

  /** The subnet and gateway of {@code ipam.config[0]}; more than one config is refused. */
  private String[] ipam(YamlNodes.Field field, String path) {
    String[] out = new String[2];
    if (field == null || YamlNodes.isNull(field.value())) return out;
    Map<String, YamlNodes.Field> f = YamlNodes.fields(field.value(), path, IPAM_KEYS, values.problems());
    String driver = text(f, "driver", path);
    if (driver != null && !driver.equals("default")) {
      values.problems().add(f.get("driver").line(), path + ".driver: unsupported IPAM driver '" + driver + "' (only default)");
    }
    YamlNodes.Field config = f.get("config");
    if (config == null || YamlNodes.isNull(config.value())) return out;
    List<Node> items = YamlNodes.items(config.value(), path + ".config", values.problems());
    if (items.size() > 1) values.problems().add(config.line(), path + ".config: only one subnet per network is supported");
    if (!items.isEmpty()) {
      Map<String, YamlNodes.Field> c = YamlNodes.fields(items.getFirst(), path + ".config[0]", IPAM_CONFIG_KEYS, values.problems());
      out[0] = text(c, "subnet", path + ".config[0]");
      out[1] = text(c, "gateway", path + ".config[0]");
    }
    return out;
  }

  private String text(Map<String, YamlNodes.Field> f, String key, String path) {
    YamlNodes.Field field = f.get(key);
    return field == null ? null : values.text(field.value(), path + "." + key);
  }

  private Map<String, String> dictionary(Map<String, YamlNodes.Field> f, String key, String path) {
    YamlNodes.Field field = f.get(key);
    return field == null ? Map.of() : values.dictionary(field.value(), path + "." + key, false);
  }
}
