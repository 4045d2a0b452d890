package dev.berth.stack;

import dev.berth.stack.Service.DependsOn;
import dev.berth.stack.Service.Link;
import dev.berth.stack.Service.ServiceNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one entry of {@code services:} into a {@link Service}, and notes where the service refers to other
 * services, volumes and networks so that {@link StackValidator} can report a bad reference at its line.
 */
final class ServiceReader {
  static final Set<String> KEYS = Set.of(
      "image", "build", "command", "entrypoint", "environment", "env_file", "ports", "expose", "volumes",
      "volumes_from", "links", "networks", "depends_on", "restart", "healthcheck", "labels", "hostname", "user",
      "working_dir", "privileged", "cap_add", "cap_drop");
  private static final Set<String> NETWORK_KEYS = Set.of("aliases");
  private static final Set<String> DEPENDS_ON_KEYS = Set.of("condition");
  private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(:\\d+)?");

  /** What a reference points at. */
  enum RefKind { DEPENDS_ON, LINK, VOLUMES_FROM, VOLUME, NETWORK }

  /** A reference from the service to another object, and its line. */
  record Ref(RefKind kind, String target, int line) {}

  /** The service read, its references and its published ports. */
  record Read(Service service, List<Ref> refs, List<PortSyntax.Located> ports) {}

  private final ValueReader values;
  private final Path baseDir;

  ServiceReader(ValueReader values, Path baseDir) {
    this.values = values;
    this.baseDir = baseDir;
  }

  Read read(String name, int line, Node node) {
    String path = "services." + name;
    Map<String, YamlNodes.Field> f = YamlNodes.fields(node, path, KEYS, values.problems());
    List<Ref> refs = new ArrayList<>();
    List<PortSyntax.Located> ports = PortSyntax.read(node(f, "ports"), path + ".ports", values);
    List<VolumeSyntax.Located> volumes = VolumeSyntax.read(node(f, "volumes"), path + ".volumes", baseDir, values);
    volumes.stream().filter(v -> v.volume().type() == Service.ServiceVolume.Type.VOLUME && v.volume().source() != null)
        .forEach(v -> refs.add(new Ref(RefKind.VOLUME, v.volume().source(), v.line())));
    Service service = new Service(
        name,
        text(f, "image", path),
        BuildSyntax.read(node(f, "build"), path + ".build", baseDir, values),
        values.command(node(f, "command"), path + ".command"),
        values.command(node(f, "entrypoint"), path + ".entrypoint"),
        environment(f, path),
        ports.stream().map(PortSyntax.Located::port).toList(),
        values.strings(node(f, "expose"), path + ".expose"),
        volumes.stream().map(VolumeSyntax.Located::volume).toList(),
        volumesFrom(f, path, refs),
        links(f, path, refs),
        networks(f, path, refs),
        dependsOn(f, path, refs),
        restart(f, path),
        HealthcheckSyntax.read(node(f, "healthcheck"), path + ".healthcheck", values),
        values.dictionary(node(f, "labels"), path + ".labels", false),
        text(f, "hostname", path),
        text(f, "user", path),
        text(f, "working_dir", path),
        Boolean.TRUE.equals(f.containsKey("privileged") ? values.bool(node(f, "privileged"), path + ".privileged") : null),
        values.strings(node(f, "cap_add"), path + ".cap_add"),
        values.strings(node(f, "cap_drop"), path + ".cap_drop"),
        values.problems().at(line));
    return new Read(service, refs, ports);
  }

  private static Node node(Map<String, YamlNodes.Field> fields, String key) {
    YamlNodes.Field f = fields.get(key);
    return f == null ? null : f.value();
  }

  private String text(Map<String, YamlNodes.Field> fields, String key, String path) {
    return values.text(node(fields, key), path + "." + key);
  }

  /** {@code env_file} entries in order, then {@code environment}, which wins. */
  private Map<String, String> environment(Map<String, YamlNodes.Field> f, String path) {
    Map<String, String> env = new LinkedHashMap<>();
    if (f.containsKey("env_file")) env.putAll(EnvFiles.read(f.get("env_file").value(), path + ".env_file", baseDir, values));
    env.putAll(values.dictionary(node(f, "environment"), path + ".environment", true));
    return env;
  }

  private List<String> volumesFrom(Map<String, YamlNodes.Field> f, String path, List<Ref> refs) {
    List<String> out = new ArrayList<>();
    List<Node> items = YamlNodes.isNull(node(f, "volumes_from")) ? List.of() : YamlNodes.items(node(f, "volumes_from"), path + ".volumes_from", values.problems());
    for (int i = 0; i < items.size(); i++) {
      String entry = values.text(items.get(i), path + ".volumes_from[" + i + "]");
      if (entry == null) continue;
      String[] parts = entry.split(":");
      boolean container = parts[0].equals("container");
      String mode = parts.length > (container ? 2 : 1) ? parts[container ? 2 : 1] : "rw";
      if (parts.length > (container ? 3 : 2) || (container && parts.length < 2) || !(mode.equals("ro") || mode.equals("rw"))) {
        values.problems().add(YamlNodes.line(items.get(i)), path + ".volumes_from[" + i + "]: invalid entry '" + entry
            + "' (expected SERVICE[:ro|rw] or container:NAME[:ro|rw])");
        continue;
      }
      if (!container) refs.add(new Ref(RefKind.VOLUMES_FROM, parts[0], YamlNodes.line(items.get(i))));
      out.add(entry);
    }
    return out;
  }

  private List<Link> links(Map<String, YamlNodes.Field> f, String path, List<Ref> refs) {
    List<Link> out = new ArrayList<>();
    List<Node> items = YamlNodes.isNull(node(f, "links")) ? List.of() : YamlNodes.items(node(f, "links"), path + ".links", values.problems());
    for (int i = 0; i < items.size(); i++) {
      String entry = values.text(items.get(i), path + ".links[" + i + "]");
      if (entry == null) continue;
      String[] parts = entry.split(":", -1);
      if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
        values.problems().add(YamlNodes.line(items.get(i)), path + ".links[" + i + "]: invalid link '" + entry + "' (expected SERVICE[:ALIAS])");
        continue;
      }
      refs.add(new Ref(RefKind.LINK, parts[0], YamlNodes.line(items.get(i))));
      out.add(new Link(parts[0], parts.length == 2 ? parts[1] : parts[0]));
    }
    return out;
  }

  private List<ServiceNetwork> networks(Map<String, YamlNodes.Field> f, String path, List<Ref> refs) {
    Node node = node(f, "networks");
    List<ServiceNetwork> out = new ArrayList<>();
    if (YamlNodes.isNull(node)) return out;
    if (!(node instanceof MappingNode)) {
      List<Node> items = YamlNodes.items(node, path + ".networks", values.problems());
      for (int i = 0; i < items.size(); i++) {
        String net = values.text(items.get(i), path + ".networks[" + i + "]");
        if (net == null) continue;
        refs.add(new Ref(RefKind.NETWORK, net, YamlNodes.line(items.get(i))));
        out.add(new ServiceNetwork(net, List.of()));
      }
      return out;
    }
    for (YamlNodes.Field net : YamlNodes.entries(node, path + ".networks", values.problems())) {
      String netPath = path + ".networks." + net.key();
      List<String> aliases = List.of();
      if (!YamlNodes.isNull(net.value())) {
        Map<String, YamlNodes.Field> nf = YamlNodes.fields(net.value(), netPath, NETWORK_KEYS, values.problems());
        aliases = values.strings(node(nf, "aliases"), netPath + ".aliases");
      }
      refs.add(new Ref(RefKind.NETWORK, net.key(), net.line()));
      out.add(new ServiceNetwork(net.key(), aliases));
    }
    return out;
  }

  private List<DependsOn> dependsOn(Map<String, YamlNodes.Field> f, String path, List<Ref> refs) {
    Node node = node(f, "depends_on");
    List<DependsOn> out = new ArrayList<>();
    if (YamlNodes.isNull(node)) return out;
    if (!(node instanceof MappingNode)) {
      List<Node> items = YamlNodes.items(node, path + ".depends_on", values.problems());
      for (int i = 0; i < items.size(); i++) {
        String dep = values.text(items.get(i), path + ".depends_on[" + i + "]");
        if (dep == null) continue;
        refs.add(new Ref(RefKind.DEPENDS_ON, dep, YamlNodes.line(items.get(i))));
        out.add(new DependsOn(dep, DependsOn.Condition.STARTED));
      }
      return out;
    }
    for (YamlNodes.Field dep : YamlNodes.entries(node, path + ".depends_on", values.problems())) {
      refs.add(new Ref(RefKind.DEPENDS_ON, dep.key(), dep.line()));
      out.add(new DependsOn(dep.key(), condition(dep, path + ".depends_on." + dep.key())));
    }
    return out;
  }

  private DependsOn.Condition condition(YamlNodes.Field dep, String path) {
    if (YamlNodes.isNull(dep.value())) return DependsOn.Condition.STARTED;
    Map<String, YamlNodes.Field> f = YamlNodes.fields(dep.value(), path, DEPENDS_ON_KEYS, values.problems());
    String condition = text(f, "condition", path);
    if (condition == null) return DependsOn.Condition.STARTED;
    return switch (condition) {
      case "service_started" -> DependsOn.Condition.STARTED;
      case "service_healthy" -> DependsOn.Condition.HEALTHY;
      case "service_completed_successfully" -> DependsOn.Condition.COMPLETED_SUCCESSFULLY;
      default -> {
        values.problems().add(f.get("condition").line(), path + ".condition: unknown condition '" + condition
            + "' (expected service_started, service_healthy or service_completed_successfully)");
        yield DependsOn.Condition.STARTED;
      }
    };
  }

  private String restart(Map<String, YamlNodes.Field> f, String path) {
    String restart = text(f, "restart", path);
    if (restart != null && !RESTART.matcher(restart).matches()) {
      values.problems().add(f.get("restart").line(), path + ".restart: invalid restart policy '" + restart
          + "' (expected no, always, on-failure[:N] or unless-stopped)");
      return null;
    }
    return restart;
  }
}
