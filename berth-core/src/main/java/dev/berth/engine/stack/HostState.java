package dev.berth.engine.stack;

import dev.berth.network.PortMapping;
import dev.berth.oci.Digest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the host has, as far as one project's plan cares: read once ({@link HostReader}), then planned against
 * without touching the engine again, so the planner is a pure function and a plan never changes anything.
 *
 * @param containers the project's containers (by the project label)
 * @param others every other container, for name and port clashes
 * @param networks the names of the networks that exist
 * @param volumes the names of the volumes that exist
 * @param images each image reference the stack uses to its ID, absent when no such image exists
 */
record HostState(List<Observed> containers, List<Other> others, Set<String> networks, Set<String> volumes,
    Map<String, Optional<Digest>> images) {
  HostState {
    containers = List.copyOf(containers);
    others = List.copyOf(others);
    networks = Set.copyOf(networks);
    volumes = Set.copyOf(volumes);
    images = Map.copyOf(images);
  }

  /**
   * One of the project's containers, from its labels and state.
   *
   * @param name without the leading slash
   * @param service its service label
   * @param number its container-number label ("1" for Berth's)
   * @param configHash its config-hash label, null when absent
   * @param config Berth's canonical config label, null when absent
   * @param status Docker's status word (running, exited, created, …)
   */
  record Observed(String id, String name, String service, String number, boolean running, String status,
      String configHash, String config, Digest imageId) {}

  /** A container outside the project: its name, whether it runs, and the host ports it publishes. */
  record Other(String id, String name, String project, boolean running, List<PortMapping> ports) {
    Other {
      ports = List.copyOf(ports);
    }
  }

  /** The container of {@code service}: number 1 if there is one, else the first. */
  Optional<Observed> container(String service) {
    List<Observed> mine = containers.stream().filter(c -> service.equals(c.service())).toList();
    return mine.stream().filter(c -> "1".equals(c.number())).findFirst().or(() -> mine.stream().findFirst());
  }

  /** The image ID a reference resolves to now; empty when no such image exists. */
  Optional<Digest> image(String reference) {
    return images.getOrDefault(reference, Optional.empty());
  }
}
