package dev.berth.api.networks;

import dev.berth.api.ApiContext;
import dev.berth.api.Exchange;
import dev.berth.api.Filters;
import dev.berth.api.Router;
import dev.berth.errors.NotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /networks} and {@code GET /networks/{id}}: Docker's network objects for the predefined networks,
 * found by name, full ID or ID prefix. Creating networks arrives with the networking issue.
 */
public final class NetworkRoutes {
  private final String engineId;
  private final String created = Instant.EPOCH.toString();

  public NetworkRoutes(ApiContext context) {
    this.engineId = context.engineId();
  }

  public void register(Router.Builder r) {
    r.get("/networks", this::list);
    r.get("/networks/{id}", this::inspect);
  }

  void list(Exchange ex) throws IOException {
    Filters filters = ex.request().filters().allowOnly(Set.of("name", "id", "driver", "type", "scope", "label", "dangling"));
    Map<String, List<String>> f = filters.values();
    List<Map<String, Object>> out = PredefinedNetwork.ALL.stream()
        .filter(n -> matches(f.get("name"), n.name()) && matches(f.get("driver"), n.driver())
            && prefixMatches(f.get("id"), n.id(engineId)) && matches(f.get("type"), "builtin"))
        .map(this::json)
        .toList();
    ex.json(200, out);
  }

  void inspect(Exchange ex) throws IOException {
    String ref = ex.request().pathParam("id");
    PredefinedNetwork found = PredefinedNetwork.ALL.stream()
        .filter(n -> n.name().equals(ref) || (!ref.isEmpty() && n.id(engineId).startsWith(ref)))
        .findFirst()
        .orElseThrow(() -> new NotFoundException("network " + ref + " not found"));
    ex.json(200, json(found));
  }

  private static boolean matches(List<String> wanted, String value) {
    return wanted == null || wanted.isEmpty() || wanted.contains(value);
  }

  private static boolean prefixMatches(List<String> wanted, String id) {
    return wanted == null || wanted.isEmpty() || wanted.stream().anyMatch(id::startsWith);
  }

  private Map<String, Object> json(PredefinedNetwork n) {
    Map<String, Object> ipam = new LinkedHashMap<>();
    ipam.put("Driver", "default");
    ipam.put("Options", null);
    ipam.put("Config", List.of());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", n.name());
    m.put("Id", n.id(engineId));
    m.put("Created", created);
    m.put("Scope", "local");
    m.put("Driver", n.driver());
    m.put("EnableIPv4", true);
    m.put("EnableIPv6", false);
    m.put("IPAM", ipam);
    m.put("Internal", false);
    m.put("Attachable", false);
    m.put("Ingress", false);
    m.put("ConfigFrom", Map.of("Network", ""));
    m.put("ConfigOnly", false);
    m.put("Containers", Map.of());
    m.put("Options", Map.of());
    m.put("Labels", Map.of());
    return m;
  }
}
