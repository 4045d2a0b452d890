package dev.berth.engine.stack;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.network.PortMapping;
import dev.berth.stack.Service;
import dev.berth.stack.StackFile;
import dev.berth.stack.StackFileException;
import dev.berth.stack.StackFileException.Problem;
import dev.berth.stack.StackLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What makes a stack impossible to apply on this host, found before anything changes: unknown services and
 * dependency cycles, undeclared networks and volumes, values the engine refuses, external networks and volumes
 * that do not exist, a container name held by a container outside the project, and a host port published by a
 * running container outside the project. A missing image is not among them: it fails that service's step only,
 * so the rest of the stack converges and a re-run, once the image is there, finishes the job.
 */
final class Validator {
  private Validator() {}

  /** StackFileException listing every problem, or nothing. */
  static void check(StackNames names, HostState host) {
    List<Problem> problems = problems(names, host);
    if (!problems.isEmpty()) throw new StackFileException(problems);
  }

  static List<Problem> problems(StackNames names, HostState host) {
    StackFile stack = names.stack();
    List<Problem> out = new ArrayList<>(ServiceOrder.problems(stack));
    for (Service s : stack.services()) {
      declarations(s, names, out);
      try {
        ServiceTranslator.toConfig(s, names, Map.of());
      } catch (InvalidArgumentException e) {
        out.add(new Problem(s.location(), "service " + s.name() + ": " + e.getMessage()));
      }
      clashes(s, names, host, out);
    }
    externals(names, host, out);
    return out;
  }

  private static void declarations(Service s, StackNames names, List<Problem> out) {
    for (Service.ServiceNetwork n : s.networks()) {
      if (!n.network().equals(StackNames.DEFAULT_NETWORK) && names.networkDecl(n.network()).isEmpty()) {
        out.add(new Problem(s.location(), "service " + s.name() + " uses undeclared network " + n.network()));
      }
    }
    for (Service.ServiceVolume v : s.volumes()) {
      if (v.type() == Service.ServiceVolume.Type.VOLUME && v.source() != null && names.volumeDecl(v.source()).isEmpty()) {
        out.add(new Problem(s.location(), "service " + s.name() + " uses undeclared volume " + v.source()));
      }
    }
    if (s.image() == null && s.build() == null) {
      out.add(new Problem(s.location(), "service " + s.name() + " has neither an image nor a build section"));
    }
  }

  private static void clashes(Service s, StackNames names, HostState host, List<Problem> out) {
    String name = names.container(s.name());
    for (HostState.Other o : host.others()) {
      if (o.name().equals(name)) {
        out.add(new Problem(s.location(), "service " + s.name() + ": the container name " + name
            + " is taken by container " + o.id().substring(0, 12) + ", which is not part of project " + names.project()));
      }
      if (!o.running()) continue;
      for (Service.PortSpec p : s.ports()) {
        if (p.published() == null) continue;
        for (PortMapping m : o.ports()) {
          if (m.hostPort() == p.published() && m.protocol().equals(p.protocol()) && overlap(m.hostIp(), p.hostIp())) {
            out.add(new Problem(s.location(), "service " + s.name() + ": host port " + p.published() + "/" + p.protocol()
                + " is already published by container " + o.name() + " (" + o.id().substring(0, 12) + ")"));
          }
        }
      }
    }
  }

  private static boolean overlap(String a, String b) {
    String x = a == null || a.isEmpty() ? "0.0.0.0" : a;
    String y = b == null || b.isEmpty() ? "0.0.0.0" : b;
    return x.equals(y) || x.equals("0.0.0.0") || y.equals("0.0.0.0");
  }

  private static void externals(StackNames names, HostState host, List<Problem> out) {
    for (String n : Planner.usedNetworks(names.stack())) {
      if (names.externalNetwork(n) && !host.networks().contains(names.network(n))) {
        out.add(new Problem(where(names.networkDecl(n).map(d -> d.location())), "external network " + names.network(n)
            + " not found: create it first (berth network create " + names.network(n) + ")"));
      }
    }
    for (String v : Planner.usedVolumes(names.stack())) {
      if (names.externalVolume(v) && !host.volumes().contains(names.volume(v))) {
        out.add(new Problem(where(names.volumeDecl(v).map(d -> d.location())), "external volume " + names.volume(v)
            + " not found: create it first (berth volume create " + names.volume(v) + ")"));
      }
    }
  }

  private static StackLocation where(java.util.Optional<StackLocation> l) {
    return l.orElse(StackLocation.UNKNOWN);
  }
}
