package dev.berth.stack;

import dev.berth.stack.Service.PortSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code ports:} in both syntaxes. Short: {@code [[HOST_IP:]PUBLISHED:]TARGET[/PROTOCOL]}, where a port may be
 * a range of the same length on both sides ({@code 8000-8001:80-81}) and an IPv6 host address is bracketed
 * ({@code [::1]:8080:80}). Long: {@code target}, {@code published}, {@code host_ip}, {@code protocol}.
 */
final class PortSyntax {
  private static final Set<String> LONG_KEYS = Set.of("target", "published", "host_ip", "protocol");
  private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");

  private PortSyntax() {}

  /** A published port and the line it was written on, for the clash check. */
  record Located(PortSpec port, int line) {}

  static List<Located> read(Node node, String path, ValueReader values) {
    List<Located> out = new ArrayList<>();
    if (YamlNodes.isNull(node)) return out;
    List<Node> items = YamlNodes.items(node, path, values.problems());
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String itemPath = path + "[" + i + "]";
      int line = YamlNodes.line(item);
      try {
        List<PortSpec> specs = item instanceof MappingNode ? List.of(longForm(item, itemPath, values)) : shortForm(values.text(item, itemPath));
        specs.stream().filter(s -> s != null).forEach(s -> out.add(new Located(s, line)));
      } catch (IllegalArgumentException e) {
        values.problems().add(line, itemPath + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static PortSpec longForm(Node node, String path, ValueReader values) {
    Map<String, YamlNodes.Field> f = YamlNodes.fields(node, path, LONG_KEYS, values.problems());
    if (!f.containsKey("target")) throw new IllegalArgumentException("a port needs a target");
    Integer target = values.integer(node(f, "target"), path + ".target");
    if (target == null) return null;
    String published = values.text(node(f, "published"), path + ".published");
    String protocol = protocol(values.text(node(f, "protocol"), path + ".protocol"));
    Integer host = published == null || published.isEmpty() ? null : port(published);
    return new PortSpec(values.text(node(f, "host_ip"), path + ".host_ip"), host, target, protocol);
  }

  private static Node node(Map<String, YamlNodes.Field> fields, String key) {
    YamlNodes.Field f = fields.get(key);
    return f == null ? null : f.value();
  }

  static List<PortSpec> shortForm(String text) {
    if (text == null) return List.of();
    String spec = text.strip();
    String protocol = "tcp";
    int slash = spec.lastIndexOf('/');
    if (slash >= 0) {
      protocol = protocol(spec.substring(slash + 1));
      spec = spec.substring(0, slash);
    }
    String hostIp = null;
    if (spec.startsWith("[")) {
      int close = spec.indexOf("]:");
      if (close < 0) throw new IllegalArgumentException("invalid port '" + text + "': an IPv6 host address is written [ADDRESS]:PORT:PORT");
      hostIp = spec.substring(1, close);
      spec = spec.substring(close + 2);
    }
    String[] parts = spec.split(":", -1);
    if (hostIp == null && parts.length == 3) {
      hostIp = parts[0];
      parts = new String[] {parts[1], parts[2]};
    }
    if (parts.length > 2 || (hostIp != null && parts.length != 2)) {
      throw new IllegalArgumentException("invalid port '" + text + "' (expected [[HOST_IP:]PUBLISHED:]TARGET[/PROTOCOL])");
    }
    String published = parts.length == 2 ? parts[0] : "";
    return expand(text, hostIp == null || hostIp.isEmpty() ? null : hostIp, published, parts[parts.length - 1], protocol);
  }

  private static List<PortSpec> expand(String text, String hostIp, String published, String target, String protocol) {
    int[] targets = range(target, text);
    int[] publishedRange = published.isEmpty() ? null : range(published, text);
    int count = targets[1] - targets[0] + 1;
    if (publishedRange != null && publishedRange[1] - publishedRange[0] + 1 != count) {
      throw new IllegalArgumentException("invalid port '" + text + "': the published and target ranges differ in length");
    }
    List<PortSpec> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Integer host = publishedRange == null ? null : publishedRange[0] + i;
      out.add(new PortSpec(hostIp, host, targets[0] + i, protocol));
    }
    return out;
  }

  private static int[] range(String text, String whole) {
    int dash = text.indexOf('-');
    int low = port(dash < 0 ? text : text.substring(0, dash));
    int high = dash < 0 ? low : port(text.substring(dash + 1));
    if (high < low) throw new IllegalArgumentException("invalid port range '" + text + "' in '" + whole + "'");
    return new int[] {low, high};
  }

  private static int port(String text) {
    try {
      int p = Integer.parseInt(text.strip());
      if (p >= 1 && p <= 65535) return p;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("invalid port number '" + text + "' (expected 1 to 65535)");
  }

  private static String protocol(String text) {
    if (text == null) return "tcp";
    String p = text.strip().toLowerCase(java.util.Locale.ROOT);
    if (!PROTOCOLS.contains(p)) throw new IllegalArgumentException("invalid protocol '" + text + "' (expected tcp, udp or sctp)");
    return p;
  }
}
