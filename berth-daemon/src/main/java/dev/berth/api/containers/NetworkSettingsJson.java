package dev.berth.api.containers;

import dev.berth.engine.ContainerView;
import dev.berth.engine.NetworkSettings;
import dev.berth.engine.NetworkSettings.EndpointSettings;
import dev.berth.network.PortMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's networking in Docker's shapes, from the engine's {@link NetworkSettings}: inspect's
 * {@code NetworkSettings} (per network {@code EndpointSettings}, {@code Ports}, and the legacy top-level
 * {@code IPAddress}/{@code Gateway}/{@code MacAddress}/{@code IPPrefixLen} of the default bridge) and ps's
 * {@code Ports} list ({@code [{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"}]}).
 */
final class NetworkSettingsJson {
  private NetworkSettingsJson() {}

  /** Inspect's {@code NetworkSettings}; {@code Ports} is empty while the container is not running, as Docker shows it. */
  static Map<String, Object> inspect(ContainerView view) {
    NetworkSettings s = view.networkSettings();
    boolean running = view.container().state().isRunning();
    EndpointSettings bridge = s.defaultBridge();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Bridge", "");
    m.put("SandboxID", running && !s.sandboxKey().isEmpty() ? view.container().id().hex() : "");
    m.put("SandboxKey", s.sandboxKey());
    m.put("Ports", running ? ports(s, view.container().config().basic().exposedPorts()) : Map.of());
    m.put("HairpinMode", false);
    m.put("LinkLocalIPv6Address", "");
    m.put("LinkLocalIPv6PrefixLen", 0);
    m.put("SecondaryIPAddresses", null);
    m.put("SecondaryIPv6Addresses", null);
    m.put("EndpointID", bridge == null ? "" : nz(bridge.endpointId()));
    m.put("Gateway", bridge == null ? "" : nz(bridge.gateway()));
    m.put("GlobalIPv6Address", "");
    m.put("GlobalIPv6PrefixLen", 0);
    m.put("IPAddress", bridge == null ? "" : nz(bridge.ipAddress()));
    m.put("IPPrefixLen", bridge == null ? 0 : bridge.ipPrefixLen());
    m.put("IPv6Gateway", "");
    m.put("MacAddress", bridge == null ? "" : nz(bridge.macAddress()));
    m.put("Networks", networks(s));
    return m;
  }

  /**
   * As a JSON tree, so that an exposed port without bindings is written {@code "443/tcp": null} as Docker writes it
   * (the API's mapper leaves null map values out).
   */
  private static com.fasterxml.jackson.databind.node.ObjectNode ports(NetworkSettings s, List<String> exposed) {
    var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    s.dockerPorts(exposed).forEach((key, bindings) -> {
      if (bindings == null) {
        out.putNull(key);
        return;
      }
      var list = out.putArray(key);
      bindings.forEach(b -> list.addObject().put("HostIp", b.hostIp()).put("HostPort", b.hostPort()));
    });
    return out;
  }

  /** {@code Networks}: Docker's EndpointSettings per network name, the primary network first. */
  static Map<String, Object> networks(NetworkSettings s) {
    Map<String, Object> out = new LinkedHashMap<>();
    s.networks().forEach((name, e) -> out.put(name, endpoint(e)));
    return out;
  }

  private static Map<String, Object> endpoint(EndpointSettings e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("IPAMConfig", null);
    m.put("Links", e.links().isEmpty() ? null : e.links());
    m.put("Aliases", e.aliases().isEmpty() ? null : e.aliases());
    m.put("MacAddress", nz(e.macAddress()));
    m.put("DriverOpts", null);
    m.put("NetworkID", nz(e.networkId()));
    m.put("EndpointID", nz(e.endpointId()));
    m.put("Gateway", nz(e.gateway()));
    m.put("IPAddress", nz(e.ipAddress()));
    m.put("IPPrefixLen", e.ipPrefixLen());
    m.put("IPv6Gateway", "");
    m.put("GlobalIPv6Address", "");
    m.put("GlobalIPv6PrefixLen", 0);
    m.put("DNSNames", null);
    return m;
  }

  /**
   * ps's {@code Ports}: each published mapping with its host side, then each exposed port not published with only
   * its container side; sorted as the CLI prints them.
   */
  static List<Object> psPorts(ContainerView view) {
    List<Object> out = new ArrayList<>();
    List<String> published = new ArrayList<>();
    for (PortMapping p : view.networkSettings().ports()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("IP", p.hostIp());
      m.put("PrivatePort", p.containerPort());
      m.put("PublicPort", p.hostPort());
      m.put("Type", p.protocol());
      out.add(m);
      published.add(p.key());
    }
    for (String key : view.container().config().basic().exposedPorts()) {
      if (published.contains(key)) continue;
      int slash = key.indexOf('/');
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("PrivatePort", Integer.parseInt(slash < 0 ? key : key.substring(0, slash)));
      m.put("Type", slash < 0 ? "tcp" : key.substring(slash + 1));
      out.add(m);
    }
    return out;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
