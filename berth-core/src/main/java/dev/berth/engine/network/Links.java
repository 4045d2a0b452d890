package dev.berth.engine.network;

import dev.berth.errors.ConflictException;
import dev.berth.network.Network;
import dev.berth.network.PortMapping;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.NetworkConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Legacy links of a container starting on the default bridge: each {@code --link name:alias} gives Docker's
 * environment ({@link LinkEnv}) and an /etc/hosts line. The linked container must run and be on the default bridge,
 * as in Docker. On a user network a link is only a name the embedded DNS answers (see {@link NetworkNames}).
 */
record Links(List<String> env, List<String> hosts) {
  static Links of(Container c, NetworkConfig cfg, Network primary, LocalNetworkService networks) {
    if (cfg.links().isEmpty() || !primary.name().equals("bridge")) return new Links(List.of(), List.of());
    List<String> env = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    String parent = c.name().substring(1);
    for (NetworkConfig.Link l : cfg.parsedLinks()) {
      ContainerDirectory.Member child = networks.directory().find(l.name());
      if (!child.running()) {
        throw new ConflictException("Cannot link to a non running container: /" + child.name() + " AS /" + parent + "/" + l.alias());
      }
      String ip = networks.endpointsOf(child.id()).stream().filter(a -> a.network().name().equals("bridge"))
          .map(a -> a.endpoint().ipv4()).findFirst().orElseThrow(() ->
              new ConflictException("Cannot link to /" + child.name() + ", as it does not belong to the default network"));
      BasicConfig b = child.container().config().basic();
      Set<String> ports = new LinkedHashSet<>(b.exposedPorts());
      for (PortMapping m : child.network().effectivePorts()) ports.add(m.key());
      env.addAll(LinkEnv.env(parent, l.alias(), ip, ports, b.env()));
      String hostname = b.hostname().isEmpty() ? child.id().substring(0, 12) : b.hostname();
      hosts.add(LinkEnv.hostsLine(l.alias(), ip, hostname, child.name()));
    }
    return new Links(env, hosts);
  }
}
