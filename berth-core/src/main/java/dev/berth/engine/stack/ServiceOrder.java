package dev.berth.engine.stack;

import dev.berth.stack.Service;
import dev.berth.stack.StackFile;
import dev.berth.stack.StackFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order services are converged in: each after the services it needs, which are those of its
 * {@code depends_on}, its {@code links} and its {@code volumes_from} (a link needs its target running, and
 * {@code volumes_from} copies the mounts of an existing container). Among services that are ready at the same
 * time the file's order wins, so the order is stable. An unknown service or a cycle is a
 * {@link StackFileException} naming the services and where they are.
 */
final class ServiceOrder {
  private ServiceOrder() {}

  /** The services {@code service} needs, by name, in the order first named. */
  static Set<String> needs(Service service) {
    Set<String> out = new LinkedHashSet<>();
    service.dependsOn().forEach(d -> out.add(d.service()));
    service.links().forEach(l -> out.add(l.service()));
    for (String v : service.volumesFrom()) {
      String s = ServiceTranslator.volumesFromService(v);
      if (s != null) out.add(s);
    }
    return out;
  }

  /** Every problem with the references between services: unknown services, and a cycle. */
  static List<StackFileException.Problem> problems(StackFile stack) {
    List<StackFileException.Problem> out = new ArrayList<>();
    for (Service s : stack.services()) {
      for (String n : needs(s)) {
        if (stack.service(n).isEmpty()) {
          out.add(new StackFileException.Problem(s.location(), "service " + s.name() + " depends on undefined service " + n));
        } else if (n.equals(s.name())) {
          out.add(new StackFileException.Problem(s.location(), "service " + s.name() + " depends on itself"));
        }
      }
    }
    if (!out.isEmpty()) return out;
    List<String> cycle = cycle(stack);
    if (!cycle.isEmpty()) {
      Service first = stack.service(cycle.getFirst()).orElseThrow();
      out.add(new StackFileException.Problem(first.location(), "dependency cycle: " + String.join(" -> ", cycle)));
    }
    return out;
  }

  /** The services in dependency order; StackFileException on an unknown service or a cycle. */
  static List<Service> of(StackFile stack) {
    List<StackFileException.Problem> problems = problems(stack);
    if (!problems.isEmpty()) throw new StackFileException(problems);
    Map<String, Service> left = new LinkedHashMap<>();
    stack.services().forEach(s -> left.put(s.name(), s));
    List<Service> out = new ArrayList<>();
    while (!left.isEmpty()) {
      Service ready = left.values().stream()
          .filter(s -> needs(s).stream().noneMatch(left::containsKey)).findFirst().orElseThrow();
      out.add(ready);
      left.remove(ready.name());
    }
    return out;
  }

  /** One cycle as {@code a -> b -> a}, or empty when there is none. */
  private static List<String> cycle(StackFile stack) {
    Map<String, Integer> state = new LinkedHashMap<>();
    for (Service s : stack.services()) {
      List<String> path = new ArrayList<>();
      List<String> found = visit(stack, s.name(), state, path);
      if (!found.isEmpty()) return found;
    }
    return List.of();
  }

  /** Depth first: state 1 while on the path, 2 when done. */
  private static List<String> visit(StackFile stack, String name, Map<String, Integer> state, List<String> path) {
    Integer st = state.get(name);
    if (st != null && st == 2) return List.of();
    if (st != null && st == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
      cycle.add(name);
      return cycle;
    }
    state.put(name, 1);
    path.add(name);
    for (String n : needs(stack.service(name).orElseThrow())) {
      List<String> found = visit(stack, n, state, path);
      if (!found.isEmpty()) return found;
    }
    path.removeLast();
    state.put(name, 2);
    return List.of();
  }
}
