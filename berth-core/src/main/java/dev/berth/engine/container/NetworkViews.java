package dev.berth.engine.container;

import dev.berth.engine.NetworkSettings;
import dev.berth.engine.network.ContainerNetworking;
import dev.berth.engine.network.LocalNetworkService;
import dev.berth.network.Endpoint;
import dev.berth.network.Network;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.NetworkConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inspect's {@code NetworkSettings} of a container: an entry per network (host and none show as themselves with no
 * address; {@code container:} mode shows none), the published ports while it runs, the namespace path.
 */
final class NetworkViews {
  private NetworkViews() {}

  static NetworkSettings of(Container c, ContainerNetworking networking) {
    String id = c.id().hex();
    NetworkConfig cfg = c.config().network();
    LocalNetworkService networks = networking.networks();
    Map<String, NetworkSettings.EndpointSettings> out = new LinkedHashMap<>();
    if (cfg.isHost() || cfg.isNone()) {
      Network n = networks.inspect(cfg.mode()).network();
      out.put(n.name(), new NetworkSettings.EndpointSettings(n.id(), "", "", "", 0, "", List.of(), List.of()));
    }
    List<LocalNetworkService.Attached> eps = networks.endpointsOf(id);
    for (LocalNetworkService.Attached a : eps) {
      if (a.network().name().equals(cfg.primaryNetwork()) || a.network().id().equals(cfg.primaryNetwork())) put(out, a, c, networking);
    }
    for (LocalNetworkService.Attached a : eps) if (!out.containsKey(a.network().name())) put(out, a, c, networking);
    String key = networking.sandboxKey(id);
    return new NetworkSettings(out, networking.ports(id), key);
  }

  private static void put(Map<String, NetworkSettings.EndpointSettings> out, LocalNetworkService.Attached a, Container c,
      ContainerNetworking networking) {
    Network n = a.network();
    Endpoint e = a.endpoint();
    String mac = networking.mac(c.id().hex(), n.id());
    List<String> links = n.name().equals("bridge") ? c.config().network().parsedLinks().stream()
        .map(l -> "/" + l.name() + ":" + c.name() + "/" + l.alias()).toList() : List.of();
    out.put(n.name(), new NetworkSettings.EndpointSettings(n.id(), endpointId(n.id(), c.id().hex()), n.gateway(), e.ipv4(),
        n.subnet().prefixLength(), mac != null ? mac : e.mac(), e.aliases(), links));
  }

  /** A stable 64-hex ID for the endpoint of a container on a network. */
  private static String endpointId(String networkId, String containerId) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest((networkId + "/" + containerId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
