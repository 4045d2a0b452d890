package dev.berth.engine.stack;

import dev.berth.engine.NetworkService;
import dev.berth.engine.StackService.Action;
import dev.berth.engine.StackService.ApplyOptions;
import dev.berth.engine.StackService.ApplyReport;
import dev.berth.engine.StackService.Outcome;
import dev.berth.engine.StackService.PlannedStep;
import dev.berth.engine.StackService.StepResult;
import dev.berth.stack.NetworkDecl;
import dev.berth.stack.Service;
import dev.berth.stack.VolumeDecl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Carries out a {@link StackPlan}, one step at a time in its order: networks, volumes, orphans (first, as Compose
 * does, so a port or volume an orphan holds is free for the services), then services (each after the services
 * it needs, waiting for health or completion where {@code depends_on} asks). A step that
 * fails is FAILED with its error and the run goes on; a service that needs a failed or skipped service, network or
 * volume is SKIPPED. So one bad service costs only itself and what depends on it, and a re-run finishes the job.
 */
final class Converger {
  private static final System.Logger LOG = System.getLogger(Converger.class.getName());
  private final StackEngine engine;
  private final ApplyOptions options;
  private final Consumer<StepResult> progress;
  private final List<StepResult> results = new ArrayList<>();
  /** Services and resources (by name in the file) that did not end DONE, with why. */
  private final Map<String, String> failedServices = new HashMap<>();
  private final Map<String, String> failedNetworks = new HashMap<>();
  private final Map<String, String> failedVolumes = new HashMap<>();
  private final Map<String, String> containerIds = new HashMap<>();
  private boolean progressBroken;
  private String project;

  Converger(StackEngine engine, ApplyOptions options, Consumer<StepResult> progress) {
    this.engine = engine;
    this.options = options;
    this.progress = progress == null ? r -> {} : progress;
  }

  ApplyReport run(StackPlan plan) {
    StackNames names = plan.names();
    project = names.project();
    for (StackPlan.NetworkStep n : plan.networks()) {
      StepResult r = attempt(n.step(), () -> createNetwork(n, names));
      if (r.outcome() != Outcome.DONE) failedNetworks.put(n.nameInFile(), r.error());
    }
    for (StackPlan.VolumeStep v : plan.volumes()) {
      StepResult r = attempt(v.step(), () -> createVolume(v, names));
      if (r.outcome() != Outcome.DONE) failedVolumes.put(v.nameInFile(), r.error());
    }
    for (StackPlan.OrphanStep o : plan.orphans()) attempt(o.step(), () -> removeOrphan(o));
    ServiceSteps steps = new ServiceSteps(engine, names);
    for (StackPlan.ServiceStep s : plan.services()) service(s, steps, names);
    return new ApplyReport(names.project(), results);
  }

  private void service(StackPlan.ServiceStep s, ServiceSteps steps, StackNames names) {
    String blocker = blocker(s.service());
    if (blocker != null) {
      failedServices.put(s.service().name(), blocker);
      record(new StepResult(s.step(), Outcome.SKIPPED, s.existing() == null ? null : s.existing().id(), blocker));
      return;
    }
    StepResult r = attempt(s.step(), () -> {
      if (s.step().action() != Action.KEEP) awaitDependencies(s.service(), names);
      return steps.run(s);
    });
    if (r.outcome() == Outcome.DONE) {
      containerIds.put(s.service().name(), r.containerId());
    } else {
      failedServices.put(s.service().name(), r.error());
    }
  }

  /** Why {@code service} cannot be converged now (a needed service, network or volume failed), or null. */
  private String blocker(Service service) {
    for (String n : ServiceOrder.needs(service)) {
      if (failedServices.containsKey(n)) return "skipped: it needs service " + n + ", which did not converge";
    }
    for (Service.ServiceNetwork n : StackNames.networksOf(service)) {
      if (failedNetworks.containsKey(n.network())) return "skipped: its network " + n.network() + " was not created";
    }
    for (Service.ServiceVolume v : service.volumes()) {
      if (v.source() != null && failedVolumes.containsKey(v.source())) return "skipped: its volume " + v.source() + " was not created";
    }
    return null;
  }

  private void awaitDependencies(Service service, StackNames names) {
    for (Service.DependsOn d : service.dependsOn()) {
      String id = containerIds.get(d.service());
      String name = names.container(d.service());
      switch (d.condition()) {
        case STARTED -> {}
        case HEALTHY -> DependencyWait.healthy(engine.containers(), id, name, options.healthTimeout());
        case COMPLETED_SUCCESSFULLY -> DependencyWait.completed(engine.containers(), id, name, options.healthTimeout());
      }
    }
  }

  private String removeOrphan(StackPlan.OrphanStep o) {
    if (o.step().action() != Action.REMOVE) return null;
    engine.containers().stop(o.container().id(), null, null);
    engine.containers().remove(o.container().id(), true, true);
    return null;
  }

  private String createNetwork(StackPlan.NetworkStep n, StackNames names) {
    if (n.step().action() != Action.CREATE) return null;
    NetworkDecl d = n.decl();
    String driver = d == null || d.driver() == null ? "bridge" : d.driver();
    engine.networks().create(new NetworkService.CreateRequest(n.step().name(), driver, d == null ? null : d.subnet(),
        d == null ? null : d.gateway(), d != null && d.internal(),
        ComposeLabels.network(names.project(), n.nameInFile(), d == null ? Map.of() : d.labels()), Map.of(), true));
    return null;
  }

  private String createVolume(StackPlan.VolumeStep v, StackNames names) {
    if (v.step().action() != Action.CREATE) return null;
    VolumeDecl d = v.decl();
    engine.volumes().create(v.step().name(), d == null || d.driver() == null ? "local" : d.driver(),
        d == null ? Map.of() : d.driverOpts(), ComposeLabels.volume(names.project(), v.nameInFile(), d == null ? Map.of() : d.labels()));
    return null;
  }

  /** Runs one step; its result (DONE with the container ID it answers, or FAILED with the error) is recorded. */
  private StepResult attempt(PlannedStep step, java.util.function.Supplier<String> work) {
    StepResult r;
    try {
      r = new StepResult(step, Outcome.DONE, work.get(), null);
    } catch (RuntimeException e) {
      r = new StepResult(step, Outcome.FAILED, null, e.getMessage() == null ? e.toString() : e.getMessage());
    }
    record(r);
    return r;
  }

  /**
   * Keeps the result and shows it. A listener that fails (the client of a streamed apply went away) is not told
   * again, and the apply goes on: the host's convergence does not depend on anyone watching it.
   */
  private void record(StepResult r) {
    results.add(r);
    if (progressBroken) return;
    try {
      progress.accept(r);
    } catch (RuntimeException e) {
      progressBroken = true;
      LOG.log(System.Logger.Level.WARNING, "apply of project {0}: progress listener failed, going on without it: {1}",
          project, e.toString());
    }
  }
}
