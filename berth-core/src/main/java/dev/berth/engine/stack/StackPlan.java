package dev.berth.engine.stack;

import dev.berth.engine.StackService.Plan;
import dev.berth.engine.StackService.PlannedStep;
import dev.berth.stack.NetworkDecl;
import dev.berth.stack.Service;
import dev.berth.stack.VolumeDecl;
import java.util.ArrayList;
import java.util.List;

/**
 * A plan with what carrying it out needs beside each public {@link PlannedStep}: the declarations, the resolved
 * names, the service's wanted hash and the container it has now. Networks come first, then volumes, then orphans,
 * then services in dependency order: the order {@link Converger} works in.
 */
record StackPlan(StackNames names, List<NetworkStep> networks, List<VolumeStep> volumes, List<ServiceStep> services,
    List<OrphanStep> orphans) {
  StackPlan {
    networks = List.copyOf(networks);
    volumes = List.copyOf(volumes);
    services = List.copyOf(services);
    orphans = List.copyOf(orphans);
  }

  /** A network the services use; {@code decl} null for the implicit {@code default}. */
  record NetworkStep(PlannedStep step, String nameInFile, NetworkDecl decl) {}

  record VolumeStep(PlannedStep step, String nameInFile, VolumeDecl decl) {}

  /**
   * @param existing the service's container now, or null
   * @param canonical the wanted canonical config, whose hash is {@code hash}
   */
  record ServiceStep(PlannedStep step, Service service, HostState.Observed existing, String image, String canonical,
      String hash) {}

  record OrphanStep(PlannedStep step, HostState.Observed container) {}

  /** The public plan: every step in the order they are carried out. */
  Plan toPlan() {
    List<PlannedStep> steps = new ArrayList<>();
    networks.forEach(n -> steps.add(n.step()));
    volumes.forEach(v -> steps.add(v.step()));
    orphans.forEach(o -> steps.add(o.step()));
    services.forEach(s -> steps.add(s.step()));
    return new Plan(names.project(), steps);
  }
}
