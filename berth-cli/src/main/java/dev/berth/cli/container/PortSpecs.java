package dev.berth.cli.container;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * {@code -p/--publish} as docker parses it: {@code [ip:][hostPort:]containerPort[/proto]}, e.g. {@code 8080:80},
 * {@code 127.0.0.1:8080:80}, {@code 127.0.0.1::80} (a random host port on that address), {@code 80} (a random host
 * port), {@code 53:53/udp}; an IPv6 host address is written in brackets. Each becomes a {@code PortBindings}
 * entry and an {@code ExposedPorts} one, as the docker CLI sends them.
 */
final class PortSpecs {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private PortSpecs() {}

  /** One parsed {@code -p}: host port "" when random, host IP "" for all addresses. */
  record Spec(String hostIp, String hostPort, int containerPort, String proto) {
    String key() {
      return containerPort + "/" + proto;
    }
  }

  static Spec parse(String text) {
    String body = text;
    String proto = "tcp";
    int slash = text.lastIndexOf('/');
    if (slash >= 0) {
      proto = text.substring(slash + 1).toLowerCase(Locale.ROOT);
      body = text.substring(0, slash);
    }
    if (!List.of("tcp", "udp", "sctp").contains(proto)) throw invalid(text, "invalid proto: " + proto);
    String hostIp = "";
    if (body.startsWith("[")) {
      int close = body.indexOf("]:");
      if (close < 0) throw invalid(text, "invalid IP address");
      hostIp = body.substring(1, close);
      body = body.substring(close + 2);
    }
    String[] parts = body.split(":", -1);
    if (parts.length > 3 || (!hostIp.isEmpty() && parts.length > 2)) throw invalid(text, "too many colons");
    if (parts.length == 3) hostIp = parts[0];
    String hostPort = parts.length >= 2 ? parts[parts.length - 2] : "";
    String ctr = parts[parts.length - 1];
    if (ctr.isEmpty()) throw invalid(text, "no port specified: " + text + "<empty>");
    if (!hostIp.isEmpty() && !hostIp.matches("[0-9.]+|[0-9a-fA-F:]+")) throw invalid(text, "invalid IP address: " + hostIp);
    int containerPort = port(text, ctr);
    if (!hostPort.isEmpty()) port(text, hostPort);
    return new Spec(hostIp, hostPort, containerPort, proto);
  }

  private static int port(String text, String p) {
    try {
      int v = Integer.parseInt(p);
      if (v < 1 || v > 65535) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw invalid(text, "invalid containerPort: " + p);
    }
  }

  private static BadFlagException invalid(String text, String why) {
    return new BadFlagException("invalid argument \"" + text + "\" for \"-p, --publish\" flag: " + why);
  }

  /** Adds every {@code -p} to {@code PortBindings} and to {@code ExposedPorts}. */
  static void apply(List<String> publish, ObjectNode portBindings, ObjectNode exposed) {
    for (String text : publish) {
      Spec s = parse(text);
      var list = portBindings.has(s.key()) ? (com.fasterxml.jackson.databind.node.ArrayNode) portBindings.get(s.key())
          : portBindings.putArray(s.key());
      list.addObject().put("HostIp", s.hostIp()).put("HostPort", s.hostPort());
      exposed.set(s.key(), JSON.objectNode());
    }
  }
}
