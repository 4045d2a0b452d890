package dev.berth.stack;

import dev.berth.stack.ServiceReader.Ref;
import dev.berth.stack.ServiceReader.RefKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks across a whole file, made before anything can change: references to services, volumes and
 * networks that the file does not declare, dependency cycles (through {@code depends_on}, {@code links} and
 * {@code volumes_from}, as Compose orders services by all three), one host port published twice, and a service
 * with neither {@code image} nor {@code build}.
 */
final class StackValidator {
  private final Problems problems;

  StackValidator(Problems problems) {
    this.problems = problems;
  }

  void check(List<ServiceReader.Read> services, List<VolumeDecl> volumes, List<NetworkDecl> networks) {
    Set<String> serviceNames = new HashSet<>();
    services.forEach(r -> serviceNames.add(r.service().name()));
    Set<String> volumeNames = new HashSet<>();
    volumes.forEach(v -> volumeNames.add(v.name()));
    Set<String> networkNames = new HashSet<>(Set.of("default"));
    networks.forEach(n -> networkNames.add(n.name()));
    for (ServiceReader.Read read : services) {
      Service s = read.service();
      if (s.image() == null && s.build() == null) problems.add(s.location(), "service " + s.name() + " has neither an image nor a build");
      for (Ref ref : read.refs()) checkRef(s.name(), ref, serviceNames, volumeNames, networkNames);
    }
    checkCycles(services, serviceNames);
    checkPorts(services);
  }

  private void checkRef(String service, Ref ref, Set<String> services, Set<String> volumes, Set<String> networks) {
    String problem = switch (ref.kind()) {
      case DEPENDS_ON -> services.contains(ref.target()) ? null : "service " + service + " depends on undefined service " + ref.target();
      case LINK -> services.contains(ref.target()) ? null : "service " + service + " links to undefined service " + ref.target();
      case VOLUMES_FROM -> services.contains(ref.target()) ? null : "service " + service + " takes volumes_from undefined service " + ref.target();
      case VOLUME -> volumes.contains(ref.target()) ? null
          : "service " + service + " uses volume " + ref.target() + ", which is not declared under the top-level volumes";
      case NETWORK -> networks.contains(ref.target()) ? null
          : "service " + service + " joins network " + ref.target() + ", which is not declared under the top-level networks";
    };
    if (problem != null) problems.add(ref.line(), problem);
  }

  /** Reports each cycle once, as "a -> b -> a", at the line of its first edge. */
  private void checkCycles(List<ServiceReader.Read> services, Set<String> known) {
    Map<String, List<Ref>> edges = new LinkedHashMap<>();
    for (ServiceReader.Read r : services) {
      List<Ref> out = new ArrayList<>();
      for (Ref ref : r.refs()) {
        boolean dependency = ref.kind() == RefKind.DEPENDS_ON || ref.kind() == RefKind.LINK || ref.kind() == RefKind.VOLUMES_FROM;
        if (dependency && known.contains(ref.target())) out.add(ref);
      }
      edges.put(r.service().name(), out);
    }
    Map<String, Integer> state = new HashMap<>();
    Set<Set<String>> reported = new HashSet<>();
    for (String start : edges.keySet()) visit(start, edges, state, new ArrayList<>(), new ArrayList<>(), reported);
  }

  private void visit(String node, Map<String, List<Ref>> edges, Map<String, Integer> state, List<String> stack,
      List<Integer> lines, Set<Set<String>> reported) {
    Integer s = state.get(node);
    if (s != null && s == 2) return;
    if (s != null && s == 1) {
      int from = stack.indexOf(node);
      List<String> cycle = new ArrayList<>(stack.subList(from, stack.size()));
      if (reported.add(new HashSet<>(cycle))) {
        cycle.add(node);
        problems.add(lines.get(from), "dependency cycle: " + String.join(" -> ", cycle));
      }
      return;
    }
    state.put(node, 1);
    stack.add(node);
    for (Ref ref : edges.getOrDefault(node, List.of())) {
      lines.add(ref.line());
      visit(ref.target(), edges, state, stack, lines, reported);
      lines.removeLast();
    }
    stack.removeLast();
    state.put(node, 2);
  }

  /** Two publications of one host port clash when the protocol matches and the addresses overlap. */
  private void checkPorts(List<ServiceReader.Read> services) {
    Map<String, List<String>> seen = new HashMap<>();
    for (ServiceReader.Read r : services) {
      for (PortSyntax.Located p : r.ports()) {
        if (p.port().published() == null) continue;
        String key = p.port().published() + "/" + p.port().protocol();
        String ip = p.port().hostIp() == null ? "0.0.0.0" : p.port().hostIp();
        for (String other : seen.getOrDefault(key, List.of())) {
          String[] o = other.split("\\|", 3);
          if (o[0].equals(ip) || o[0].equals("0.0.0.0") || ip.equals("0.0.0.0")) {
            problems.add(p.line(), "host port " + key + " is published twice: by service " + r.service().name()
                + " and by service " + o[1] + " (line " + o[2] + ")");
          }
        }
        seen.computeIfAbsent(key, k -> new ArrayList<>()).add(ip + "|" + r.service().name() + "|" + p.line());
      }
    }
  }
}
