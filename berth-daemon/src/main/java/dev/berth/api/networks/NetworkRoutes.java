package dev.berth.api.networks;

import dev.berth.api.ApiContext;
import dev.berth.api.Exchange;
import dev.berth.api.Request;
import dev.berth.api.Router;
import dev.berth.engine.NetworkService;
import dev.berth.engine.NetworkService.NetworkView;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code /networks} routes over the engine's {@link NetworkService}: list, inspect, create, remove, connect,
 * disconnect and prune, in Docker's shapes and statuses. The literal {@code /networks/create} and
 * {@code /networks/prune} win over {@code /networks/{id}} in the router.
 */
public final class NetworkRoutes {
  private static final Set<String> LIST_FILTERS = Set.of("name", "id", "label", "driver", "type", "scope", "dangling");
  private static final Set<String> PRUNE_FILTERS = Set.of("label");

  private final NetworkService networks;

  public NetworkRoutes(ApiContext context) {
    this.networks = context.networks();
  }

  public void register(Router.Builder r) {
    r.get("/networks", this::list);
    r.post("/networks/create", this::create);
    r.post("/networks/prune", this::prune);
    r.get("/networks/{id}", this::inspect);
    r.delete("/networks/{id}", this::remove);
    r.post("/networks/{id}/connect", this::connect);
    r.post("/networks/{id}/disconnect", this::disconnect);
  }

  /** {@code dangling} is answered here (no container, not predefined); the engine filters the rest. */
  void list(Exchange ex) throws IOException {
    Map<String, List<String>> filters = new HashMap<>(ex.request().filters().allowOnly(LIST_FILTERS).values());
    Boolean dangling = dangling(filters.remove("dangling"));
    List<Map<String, Object>> out = networks.list(filters).stream()
        .filter(v -> dangling == null || dangling == (v.containers().isEmpty() && !v.network().predefined()))
        .map(NetworkJson::of)
        .toList();
    ex.json(200, out);
  }

  private static Boolean dangling(List<String> values) {
    if (values == null || values.isEmpty()) return null;
    if (values.size() > 1) throw new InvalidArgumentException("invalid filter 'dangling': give one value");
    return switch (values.getFirst()) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new InvalidArgumentException("invalid filter 'dangling=" + values.getFirst() + "'");
    };
  }

  void inspect(Exchange ex) throws IOException {
    ex.json(200, NetworkJson.of(networks.inspect(ex.request().pathParam("id"))));
  }

  /** 201 {@code {"Id": …, "Warning": ""}}. */
  void create(Exchange ex) throws IOException {
    NetworkBodies.Create body = body(ex.request(), NetworkBodies.Create.class, "create network");
    NetworkView v = networks.create(body.toRequest());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Id", v.network().id());
    out.put("Warning", "");
    ex.json(201, out);
  }

  /** 204; 403 for a predefined network, as dockerd answers ("bridge is a pre-defined network and cannot be removed"). */
  void remove(Exchange ex) throws IOException {
    NetworkView v = networks.inspect(ex.request().pathParam("id"));
    if (v.network().predefined()) {
      ex.json(403, Map.of("message", v.network().name() + " is a pre-defined network and cannot be removed"));
      return;
    }
    networks.remove(v.network().id());
    ex.respond(204, null, new byte[0]);
  }

  void connect(Exchange ex) throws IOException {
    NetworkBodies.Connect body = body(ex.request(), NetworkBodies.Connect.class, "connect to network");
    networks.connect(ex.request().pathParam("id"), required(body.container(), "connect"), body.aliases(), body.ipv4());
    ex.respond(200, null, new byte[0]);
  }

  void disconnect(Exchange ex) throws IOException {
    NetworkBodies.Disconnect body = body(ex.request(), NetworkBodies.Disconnect.class, "disconnect from network");
    networks.disconnect(ex.request().pathParam("id"), required(body.container(), "disconnect"), body.force());
    ex.respond(200, null, new byte[0]);
  }

  void prune(Exchange ex) throws IOException {
    Map<String, List<String>> filters = ex.request().filters().allowOnly(PRUNE_FILTERS).values();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("NetworksDeleted", networks.prune(filters));
    ex.json(200, out);
  }

  private static String required(String container, String action) {
    if (container == null || container.isBlank()) throw new InvalidArgumentException(action + ": a container is required");
    return container;
  }

  private static <T> T body(Request req, Class<T> type, String action) throws IOException {
    byte[] bytes = req.body().readAllBytes();
    if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      throw new InvalidArgumentException(action + ": the request has no JSON body");
    }
    try {
      return Json.read(bytes, type);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(action + ": invalid JSON body: " + e.getMessage(), e);
    }
  }
}
