package dev.berth.api.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.network.PortMapping;
import dev.berth.runtime.container.NetworkConfig;
import dev.berth.runtime.container.NetworkConfig.EndpointConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The networking half of the create body to and from {@link NetworkConfig}: {@code HostConfig.NetworkMode},
 * {@code PortBindings}, {@code PublishAllPorts}, {@code Links}, {@code Dns*}, {@code ExtraHosts}, and
 * {@code NetworkingConfig.EndpointsConfig} ({@code {"web":{"Aliases":["api"],"IPAMConfig":{"IPv4Address":
 * "10.89.0.9"}}}}). The docker CLI sends {@code -p 127.0.0.1:8080:80} as
 * {@code "PortBindings":{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}]}}, and {@code -p 80} with an empty
 * HostPort (a random port at start).
 */
final class NetworkTranslator {
  private NetworkTranslator() {}

  static NetworkConfig toConfig(DockerHostConfig h, JsonNode networkingConfig) {
    return new NetworkConfig(h.NetworkMode(), endpoints(networkingConfig), ports(h.PortBindings()), h.PublishAllPorts(),
        h.Links(), h.Dns(), h.DnsSearch(), h.DnsOptions(), h.ExtraHosts());
  }

  /** {@code PortBindings} into mappings, in key order; a range of host ports is refused (Berth binds one port). */
  static List<PortMapping> ports(Map<String, Object> bindings) {
    if (bindings == null) return List.of();
    List<PortMapping> out = new ArrayList<>();
    for (var e : new TreeMap<>(bindings).entrySet()) {
      String key = e.getKey();
      int slash = key.indexOf('/');
      String proto = slash < 0 ? "tcp" : key.substring(slash + 1);
      int containerPort = port(slash < 0 ? key : key.substring(0, slash), key);
      if (!(e.getValue() instanceof List<?> list)) {
        if (e.getValue() == null) continue;
        throw new InvalidArgumentException("invalid PortBindings for " + key + ": want a list of {HostIp, HostPort}");
      }
      for (Object binding : list) {
        if (!(binding instanceof Map<?, ?> m)) throw new InvalidArgumentException("invalid PortBindings for " + key + ": want {HostIp, HostPort}");
        String hostPort = m.get("HostPort") == null ? "" : m.get("HostPort").toString();
        String hostIp = m.get("HostIp") == null ? "" : m.get("HostIp").toString();
        out.add(new PortMapping(proto, containerPort, hostIp, hostPort.isEmpty() ? 0 : port(hostPort, key)));
      }
    }
    return out;
  }

  private static int port(String text, String key) {
    if (text.contains("-")) throw new InvalidArgumentException("invalid port " + text + " in PortBindings " + key + ": port ranges are not supported");
    try {
      int p = Integer.parseInt(text);
      if (p < 0 || p > 65535) throw new NumberFormatException();
      return p;
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("invalid port " + text + " in PortBindings " + key);
    }
  }

  private static Map<String, EndpointConfig> endpoints(JsonNode networkingConfig) {
    Map<String, EndpointConfig> out = new LinkedHashMap<>();
    JsonNode eps = networkingConfig == null ? null : networkingConfig.get("EndpointsConfig");
    if (eps == null || eps.isNull()) return out;
    if (!eps.isObject()) throw new InvalidArgumentException("invalid NetworkingConfig.EndpointsConfig: want an object");
    for (var e : eps.properties()) {
      JsonNode ep = e.getValue();
      List<String> aliases = new ArrayList<>();
      JsonNode a = ep == null ? null : ep.get("Aliases");
      if (a != null && a.isArray()) a.forEach(x -> aliases.add(x.asText()));
      JsonNode ipam = ep == null ? null : ep.get("IPAMConfig");
      JsonNode v4 = ipam == null || ipam.isNull() ? null : ipam.get("IPv4Address");
      out.put(e.getKey(), new EndpointConfig(aliases, v4 == null || v4.isNull() ? null : v4.asText()));
    }
    return out;
  }

  /** Back into Docker's {@code PortBindings} for inspect's HostConfig (a random port shows an empty HostPort). */
  static Map<String, Object> portBindings(List<PortMapping> ports) {
    Map<String, Object> out = new TreeMap<>();
    for (PortMapping p : ports) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) out.computeIfAbsent(p.key(), k -> new ArrayList<>());
      Map<String, String> b = new LinkedHashMap<>();
      b.put("HostIp", p.hostIp().equals("0.0.0.0") ? "" : p.hostIp());
      b.put("HostPort", p.hostPort() == 0 ? "" : Integer.toString(p.hostPort()));
      list.add(b);
    }
    return out;
  }
}
