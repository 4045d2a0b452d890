package dev.berth.engine.stack;

import dev.berth.network.PortMapping;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.MountSpec;
import dev.berth.runtime.container.NetworkConfig;
import dev.berth.runtime.container.RestartPolicy;
import dev.berth.runtime.container.SecurityConfig;
import dev.berth.runtime.container.StorageConfig;
import dev.berth.stack.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A stack service to the engine's {@link ContainerConfig}, as berthd's create translator builds one from Docker's
 * create body: the service's fields into the themed records, with the project's names resolved. Published ports
 * are exposed too (as {@code docker run -p} and Compose do). The container joins all its networks at create (the
 * first is its mode, the others are further endpoints), each with the service's name as an alias, as Compose
 * does, so other services reach it by service name. Values are validated by those records: a bad one is an
 * InvalidArgumentException naming it.
 */
final class ServiceTranslator {
  private ServiceTranslator() {}

  /** The container config of {@code service}; {@code labels} are the container's (the user's and Compose's). */
  static ContainerConfig toConfig(Service service, StackNames names, Map<String, String> labels) {
    BasicConfig basic = new BasicConfig(names.image(service), service.command(), service.entrypoint(), env(service),
        service.workingDir(), service.user(), labels, service.hostname(), null, false, false, null, null,
        service.healthcheck(), exposed(service));
    StorageConfig storage = new StorageConfig(mounts(service, names), null, null, false, volumesFrom(service, names));
    SecurityConfig security = new SecurityConfig(service.privileged(), service.capAdd(), service.capDrop(), null);
    return new ContainerConfig(basic, storage, security, null, RestartPolicy.parse(service.restart()), null, false,
        false, network(service, names));
  }

  private static List<String> env(Service service) {
    List<String> out = new ArrayList<>();
    service.environment().forEach((k, v) -> out.add(v == null ? k : k + "=" + v));
    return out;
  }

  private static List<String> exposed(Service service) {
    LinkedHashSet<String> out = new LinkedHashSet<>(service.expose());
    for (Service.PortSpec p : service.ports()) out.add(p.target() + "/" + p.protocol());
    return List.copyOf(out);
  }

  private static List<MountSpec> mounts(Service service, StackNames names) {
    List<MountSpec> out = new ArrayList<>();
    for (Service.ServiceVolume v : service.volumes()) {
      out.add(switch (v.type()) {
        case VOLUME -> new MountSpec(MountSpec.Type.VOLUME, v.source() == null ? "" : names.volume(v.source()),
            v.target(), v.readOnly(), null);
        case BIND -> new MountSpec(MountSpec.Type.BIND, v.source(), v.target(), v.readOnly(), null);
        case TMPFS -> new MountSpec(MountSpec.Type.TMPFS, null, v.target(), false, null);
      });
    }
    return out;
  }

  /**
   * {@code volumes_from} with services turned into their containers' names: {@code db} → {@code p-db-1},
   * {@code db:ro} → {@code p-db-1:ro}; {@code container:name[:mode]} names a container directly.
   */
  static List<String> volumesFrom(Service service, StackNames names) {
    List<String> out = new ArrayList<>();
    for (String v : service.volumesFrom()) {
      if (v.startsWith("container:")) {
        out.add(v.substring("container:".length()));
        continue;
      }
      int colon = v.indexOf(':');
      String target = colon < 0 ? v : v.substring(0, colon);
      out.add(names.container(target) + (colon < 0 ? "" : v.substring(colon)));
    }
    return out;
  }

  /** The service named by a {@code volumes_from} entry, or null for {@code container:}. */
  static String volumesFromService(String entry) {
    if (entry.startsWith("container:")) return null;
    int colon = entry.indexOf(':');
    return colon < 0 ? entry : entry.substring(0, colon);
  }

  /** {@code links} as {@code <container>:<alias>}. */
  static List<String> links(Service service, StackNames names) {
    return service.links().stream()
        .map(l -> names.container(l.service()) + ":" + (l.alias() == null ? l.service() : l.alias())).toList();
  }

  /** The aliases on one network: the service's name first, then those the file gives. */
  static List<String> aliases(Service service, Service.ServiceNetwork network) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    out.add(service.name());
    out.addAll(network.aliases());
    return List.copyOf(out);
  }

  private static NetworkConfig network(Service service, StackNames names) {
    List<Service.ServiceNetwork> networks = StackNames.networksOf(service);
    Map<String, NetworkConfig.EndpointConfig> endpoints = new LinkedHashMap<>();
    for (Service.ServiceNetwork n : networks) {
      endpoints.put(names.network(n.network()), new NetworkConfig.EndpointConfig(aliases(service, n), null));
    }
    List<PortMapping> ports = service.ports().stream()
        .map(p -> new PortMapping(p.protocol(), p.target(), p.hostIp(), p.published() == null ? 0 : p.published()))
        .toList();
    return new NetworkConfig(names.network(networks.getFirst().network()), endpoints, ports, false,
        links(service, names), null, null, null, null);
  }
}
