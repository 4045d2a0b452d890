package dev.berth.engine.stack;

import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerView;
import dev.berth.engine.NetworkService;
import dev.berth.engine.StackService.DownReport;
import dev.berth.engine.StackService.StackSummary;
import dev.berth.engine.Volume;
import dev.berth.errors.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The projects on this host, found by their labels alone: {@code list} groups containers by
 * {@code com.docker.compose.project}; {@code down} removes a project's containers, then its networks, then (when
 * asked) its volumes. External networks and volumes never carry the project label, so {@code down} never touches
 * them.
 */
final class Projects {
  private Projects() {}

  static List<StackSummary> list(ContainerService containers) {
    var all = containers.list(new ContainerService.ListOptions(true, -1, false,
        Map.of("label", List.of(ComposeLabels.PROJECT))));
    Map<String, List<ContainerView>> byProject = new TreeMap<>();
    for (ContainerView v : all) {
      String p = v.container().config().basic().labels().get(ComposeLabels.PROJECT);
      byProject.computeIfAbsent(p, k -> new ArrayList<>()).add(v);
    }
    List<StackSummary> out = new ArrayList<>();
    byProject.forEach((project, views) -> {
      TreeSet<String> services = new TreeSet<>();
      int running = 0;
      Instant updated = Instant.EPOCH;
      for (ContainerView v : views) {
        String s = v.container().config().basic().labels().get(ComposeLabels.SERVICE);
        if (s != null) services.add(s);
        if (v.container().state().isRunning()) running++;
        if (v.container().created().isAfter(updated)) updated = v.container().created();
      }
      out.add(new StackSummary(project, List.copyOf(services), running, views.size(), updated));
    });
    return out;
  }

  static DownReport down(StackEngine engine, String project, boolean removeVolumes) {
    StackNames.checkProject(project);
    var filter = ComposeLabels.projectFilter(project);
    ContainerService containers = engine.containers();
    List<String> removedContainers = new ArrayList<>();
    for (ContainerView v : containers.list(new ContainerService.ListOptions(true, -1, false, filter))) {
      String id = v.container().id().hex();
      try {
        if (v.container().state().isRunning()) containers.stop(id, null, null);
        containers.remove(id, true, removeVolumes);
      } catch (NotFoundException e) {
        // removed meanwhile (auto-remove): nothing left to do
      }
      removedContainers.add(v.container().name().substring(1));
    }
    List<String> networks = new ArrayList<>();
    for (NetworkService.NetworkView n : engine.networks().list(filter)) {
      engine.networks().remove(n.network().id());
      networks.add(n.network().name());
    }
    List<String> volumes = new ArrayList<>();
    if (removeVolumes) {
      for (Volume v : engine.volumes().list(filter)) {
        engine.volumes().remove(v.name(), true);
        volumes.add(v.name());
      }
    }
    return new DownReport(removedContainers, networks, volumes);
  }
}
