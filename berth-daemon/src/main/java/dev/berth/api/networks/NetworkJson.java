package dev.berth.api.networks;

import dev.berth.engine.NetworkService.EndpointView;
import dev.berth.engine.NetworkService.NetworkView;
import dev.berth.network.Network;
import dev.berth.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Docker's network object (definitions/Network of API v1.47), built from the engine's view:
 *
 * <pre>{"Name":"web","Id":"7d86…","Created":"2026-11-28T11:50:02.123456789Z","Scope":"local","Driver":"bridge",
 *  "EnableIPv4":true,"EnableIPv6":false,"IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"172.31.0.0/24",
 *  "Gateway":"172.31.0.1"}]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigFrom":{"Network":""},
 *  "ConfigOnly":false,"Containers":{"4f1c…":{"Name":"app","EndpointID":"93b2…","MacAddress":"02:42:ac:1f:00:02",
 *  "IPv4Address":"172.31.0.2/24","IPv6Address":""}},"Options":{},"Labels":{}}</pre>
 *
 * Maps keep insertion order so the JSON reads in Docker's order.
 */
final class NetworkJson {
  private NetworkJson() {}

  static Map<String, Object> of(NetworkView view) {
    Network n = view.network();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", n.name());
    m.put("Id", n.id());
    m.put("Created", created(n.created()));
    m.put("Scope", "local");
    m.put("Driver", n.driver() == null ? "null" : n.driver());
    m.put("EnableIPv4", true);
    m.put("EnableIPv6", false);
    m.put("IPAM", ipam(n));
    m.put("Internal", n.internal());
    m.put("Attachable", false);
    m.put("Ingress", false);
    m.put("ConfigFrom", Map.of("Network", ""));
    m.put("ConfigOnly", false);
    m.put("Containers", containers(view));
    m.put("Options", new TreeMap<>(n.options()));
    m.put("Labels", new TreeMap<>(n.labels()));
    return m;
  }

  private static String created(Instant created) {
    return DateTimeFormatter.ISO_INSTANT.format(created == null ? Instant.EPOCH : created);
  }

  private static Map<String, Object> ipam(Network n) {
    Map<String, Object> ipam = new LinkedHashMap<>();
    ipam.put("Driver", "default");
    ipam.put("Options", Map.of());
    if (n.subnet() == null) {
      ipam.put("Config", List.of());
    } else {
      Map<String, String> config = new LinkedHashMap<>();
      config.put("Subnet", n.subnet().toString());
      if (n.gateway() != null) config.put("Gateway", n.gateway());
      ipam.put("Config", List.of(config));
    }
    return ipam;
  }

  private static Map<String, Object> containers(NetworkView view) {
    Map<String, Object> out = new TreeMap<>();
    Network n = view.network();
    view.containers().forEach((id, e) -> out.put(id, endpoint(n, id, e)));
    return out;
  }

  private static Map<String, Object> endpoint(Network n, String containerId, EndpointView e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", e.containerName().startsWith("/") ? e.containerName().substring(1) : e.containerName());
    m.put("EndpointID", endpointId(n.id(), containerId));
    m.put("MacAddress", e.endpoint().mac() == null ? "" : e.endpoint().mac());
    String ip = e.endpoint().ipv4();
    m.put("IPv4Address", ip == null || n.subnet() == null ? "" : ip + "/" + n.subnet().prefixLength());
    m.put("IPv6Address", "");
    return m;
  }

  /**
   * Berth keeps no endpoint objects of their own; Docker's {@code EndpointID} is derived, stable for one container
   * on one network: the sha256 of both IDs.
   */
  static String endpointId(String networkId, String containerId) {
    return Digest.sha256((networkId + "/" + containerId).getBytes(StandardCharsets.UTF_8)).encoded();
  }
}
