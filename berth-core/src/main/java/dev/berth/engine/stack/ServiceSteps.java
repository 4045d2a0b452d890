package dev.berth.engine.stack;

import dev.berth.engine.ContainerService;
import dev.berth.errors.NotFoundException;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.stack.Service;

/**
 * Carries out one service's planned action and answers the ID of the container the service then has.
 * CREATE creates and starts {@code <project>-<service>-1}. RECREATE creates the new container under a temporary
 * name first ({@code <old id12>_<name>}), so a config the engine refuses leaves the old container running; then it
 * stops and removes the old one (with its anonymous volumes: named ones stay), renames the new one and starts it.
 * START starts the existing container; KEEP does nothing. A container that was made but failed to start stays, so
 * the next plan says START and a re-run finishes the job.
 */
final class ServiceSteps {
  private final StackEngine engine;
  private final StackNames names;

  ServiceSteps(StackEngine engine, StackNames names) {
    this.engine = engine;
    this.names = names;
  }

  String run(StackPlan.ServiceStep st) {
    return switch (st.step().action()) {
      case CREATE -> create(st);
      case RECREATE -> recreate(st);
      case START -> start(st.existing().id());
      case KEEP -> st.existing().id();
      case REMOVE -> throw new IllegalArgumentException("a service step is never REMOVE: " + st.step());
    };
  }

  private String create(StackPlan.ServiceStep st) {
    String id = make(st, names.container(st.service().name()));
    return start(id);
  }

  private String recreate(StackPlan.ServiceStep st) {
    ContainerService containers = engine.containers();
    String name = names.container(st.service().name());
    String old = st.existing().id();
    String id = make(st, old.substring(0, 12) + "_" + name);
    try {
      containers.stop(old, null, null);
      containers.remove(old, true, true);
    } catch (RuntimeException e) {
      try {
        containers.remove(id, true, true);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    containers.rename(id, name);
    return start(id);
  }

  private String start(String id) {
    engine.containers().start(id);
    return id;
  }

  /** Creates the container (not started); a missing image is a NotFoundException naming it and the service. */
  private String make(StackPlan.ServiceStep st, String containerName) {
    Service s = st.service();
    try {
      engine.images().inspect(st.image());
    } catch (NotFoundException e) {
      throw new NotFoundException("image " + st.image() + " not found" + (s.build() != null
          ? ": service " + s.name() + " is built from " + s.build().context() + "; build it first" : ""));
    }
    var labels = ComposeLabels.container(names.project(), s.name(), s.labels(), st.hash(), st.canonical());
    ContainerConfig config = ServiceTranslator.toConfig(s, names, labels);
    return engine.containers().create(containerName, config).id();
  }
}
