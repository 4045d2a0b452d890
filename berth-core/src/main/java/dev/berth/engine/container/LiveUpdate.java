package dev.berth.engine.container;

import dev.berth.runtime.container.ResourceConfig;
import dev.berth.runtime.spec.Resources;
import dev.berth.runtime.specgen.DefaultSpec;
import dev.berth.runtime.specgen.SpecOption;
import dev.berth.runtime.specgen.SpecOptions;
import java.util.List;

/**
 * The limits {@code docker update} sets on a running container, as the runtime spec's resources that
 * {@code runc update} takes: the same spec options a start applies, so a live update and the next start agree.
 * Docker's zeros ("not set") stay null, which runc leaves as they are. A stopped container needs nothing: its
 * next start writes the new limits into the spec.
 */
final class LiveUpdate {
  private LiveUpdate() {}

  static Resources resources(ResourceConfig r) {
    Long memory = r.memory() > 0 ? r.memory() : null;
    Long swap = memory != null && r.memorySwap() != 0 ? r.memorySwap() : null;
    Double cpus = r.nanoCpus() > 0 ? r.nanoCpus() / 1e9 : null;
    Long shares = r.cpuShares() > 0 ? r.cpuShares() : null;
    Long pids = r.pidsLimit() != 0 ? r.pidsLimit() : null;
    List<SpecOption> steps = List.of(SpecOptions.withMemory(memory, swap), SpecOptions.withCpu(cpus, shares),
        SpecOptions.withPidsLimit(pids));
    Resources all = SpecOption.applyAll(DefaultSpec.create(), steps).linux().resources();
    return new Resources(List.of(), all.memory(), all.cpu(), all.pids());
  }
}
