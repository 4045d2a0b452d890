package dev.berth.engine.stack;

import dev.berth.engine.StackService.Action;
import dev.berth.engine.StackService.Kind;
import dev.berth.engine.StackService.PlannedStep;
import dev.berth.oci.Digest;
import dev.berth.stack.Service;
import dev.berth.stack.StackFile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what an apply does, from the stack and a {@link HostState}, changing nothing. For each service: no
 * container → CREATE; its config-hash label differs from the wanted hash → RECREATE (naming the fields that changed
 * when the container carries Berth's config label); its image reference now resolves to another image → RECREATE;
 * stopped → START; else KEEP. Networks and volumes the services use: missing → CREATE, present or external → KEEP.
 * The project's containers whose service is gone are orphans: REMOVE with {@code removeOrphans}, else KEEP.
 */
final class Planner {
  private Planner() {}

  static StackPlan plan(StackNames names, HostState host, boolean removeOrphans) {
    StackFile stack = names.stack();
    List<StackPlan.ServiceStep> services = new ArrayList<>();
    for (Service s : ServiceOrder.of(stack)) services.add(service(s, names, host));
    return new StackPlan(names, networks(names, host), volumes(names, host), services, orphans(stack, host, removeOrphans));
  }

  /** The networks services are on, in the order first used. */
  static Set<String> usedNetworks(StackFile stack) {
    Set<String> out = new LinkedHashSet<>();
    for (Service s : stack.services()) StackNames.networksOf(s).forEach(n -> out.add(n.network()));
    return out;
  }

  /** The named volumes services mount, in the order first used. */
  static Set<String> usedVolumes(StackFile stack) {
    Set<String> out = new LinkedHashSet<>();
    for (Service s : stack.services()) {
      for (Service.ServiceVolume v : s.volumes()) {
        if (v.type() == Service.ServiceVolume.Type.VOLUME && v.source() != null) out.add(v.source());
      }
    }
    return out;
  }

  private static List<StackPlan.NetworkStep> networks(StackNames names, HostState host) {
    List<StackPlan.NetworkStep> out = new ArrayList<>();
    for (String n : usedNetworks(names.stack())) {
      PlannedStep step = resource(Kind.NETWORK, names.network(n), names.externalNetwork(n), host.networks());
      out.add(new StackPlan.NetworkStep(step, n, names.networkDecl(n).orElse(null)));
    }
    return out;
  }

  private static List<StackPlan.VolumeStep> volumes(StackNames names, HostState host) {
    List<StackPlan.VolumeStep> out = new ArrayList<>();
    for (String v : usedVolumes(names.stack())) {
      PlannedStep step = resource(Kind.VOLUME, names.volume(v), names.externalVolume(v), host.volumes());
      out.add(new StackPlan.VolumeStep(step, v, names.volumeDecl(v).orElse(null)));
    }
    return out;
  }

  /** A network's or volume's step: an external one is kept as it is, one on the host kept, any other created. */
  private static PlannedStep resource(Kind kind, String realName, boolean external, Set<String> onHost) {
    if (external) return new PlannedStep(kind, realName, Action.KEEP, "external");
    if (onHost.contains(realName)) return new PlannedStep(kind, realName, Action.KEEP, "exists");
    return new PlannedStep(kind, realName, Action.CREATE, "not found");
  }

  private static StackPlan.ServiceStep service(Service s, StackNames names, HostState host) {
    String image = names.image(s);
    String canonical = CanonicalConfig.of(s, names);
    String hash = CanonicalConfig.hash(canonical);
    HostState.Observed existing = host.container(s.name()).orElse(null);
    Optional<Digest> imageId = host.image(image);
    String missing = imageId.isPresent() ? "" : " (image " + image + " not found)";
    PlannedStep step;
    if (existing == null) {
      step = new PlannedStep(Kind.SERVICE, s.name(), Action.CREATE, "no container" + missing);
    } else if (!hash.equals(existing.configHash())) {
      List<String> fields = CanonicalConfig.changedFields(existing.config(), canonical);
      String reason = fields.isEmpty() ? "config changed" : "config changed: " + String.join(", ", fields);
      step = new PlannedStep(Kind.SERVICE, s.name(), Action.RECREATE, reason + missing);
    } else if (imageId.isPresent() && !imageId.get().equals(existing.imageId())) {
      step = new PlannedStep(Kind.SERVICE, s.name(), Action.RECREATE,
          "image changed: " + existing.imageId().shortId() + " -> " + imageId.get().shortId());
    } else if (!existing.running()) {
      step = new PlannedStep(Kind.SERVICE, s.name(), Action.START, "container " + existing.status());
    } else {
      step = new PlannedStep(Kind.SERVICE, s.name(), Action.KEEP, "up to date");
    }
    return new StackPlan.ServiceStep(step, s, existing, image, canonical, hash);
  }

  private static List<StackPlan.OrphanStep> orphans(StackFile stack, HostState host, boolean remove) {
    List<StackPlan.OrphanStep> out = new ArrayList<>();
    for (HostState.Observed c : host.containers()) {
      if (c.service() != null && stack.service(c.service()).isPresent()
          && host.container(c.service()).map(HostState.Observed::id).orElse("").equals(c.id())) {
        continue;
      }
      String why = c.service() != null && stack.service(c.service()).isPresent()
          ? "orphan: an extra container of service " + c.service() : "orphan: service " + c.service() + " is not in the stack";
      PlannedStep step = remove ? new PlannedStep(Kind.SERVICE, c.name(), Action.REMOVE, why)
          : new PlannedStep(Kind.SERVICE, c.name(), Action.KEEP, why + ", kept (use --remove-orphans)");
      out.add(new StackPlan.OrphanStep(step, c));
    }
    return out;
  }
}
