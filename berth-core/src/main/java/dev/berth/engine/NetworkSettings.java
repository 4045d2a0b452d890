package dev.berth.engine;

import dev.berth.network.PortMapping;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's networking as inspect's {@code NetworkSettings} shows it: one entry per network it is on, and the
 * ports published while it runs (the host port chosen for a random one).
 *
 * @param networks by network name, the primary one first
 * @param ports the published ports with their actual host ports; empty when not running
 * @param sandboxKey the network namespace's path while running, else empty
 */
public record NetworkSettings(Map<String, EndpointSettings> networks, List<PortMapping> ports, String sandboxKey) {
  public NetworkSettings {
    networks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(networks));
    ports = List.copyOf(ports);
    sandboxKey = sandboxKey == null ? "" : sandboxKey;
  }

  public static final NetworkSettings EMPTY = new NetworkSettings(Map.of(), List.of(), "");

  /** Docker's {@code EndpointSettings}; {@code ipAddress}, {@code gateway}, {@code macAddress} empty on host/none. */
  public record EndpointSettings(String networkId, String endpointId, String gateway, String ipAddress, int ipPrefixLen,
      String macAddress, List<String> aliases, List<String> links) {
    public EndpointSettings {
      aliases = List.copyOf(aliases);
      links = List.copyOf(links);
    }
  }

  /** One {@code {"HostIp": …, "HostPort": …}} of a port's bindings. */
  public record HostBinding(String hostIp, String hostPort) {}

  /**
   * Docker's {@code NetworkSettings.Ports}: each exposed or published port ({@code 80/tcp}) to its host bindings,
   * null for a port exposed but not published.
   */
  public Map<String, List<HostBinding>> dockerPorts(List<String> exposedPorts) {
    Map<String, List<HostBinding>> out = new java.util.TreeMap<>();
    for (String p : exposedPorts) out.put(p, null);
    for (PortMapping m : ports) {
      List<HostBinding> list = out.get(m.key()) == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(out.get(m.key()));
      list.add(new HostBinding(m.hostIp(), Integer.toString(m.hostPort())));
      out.put(m.key(), List.copyOf(list));
    }
    return out;
  }

  /** The default bridge's endpoint, for the legacy top-level IPAddress/Gateway/MacAddress, or null. */
  public EndpointSettings defaultBridge() {
    return networks.get("bridge");
  }
}
