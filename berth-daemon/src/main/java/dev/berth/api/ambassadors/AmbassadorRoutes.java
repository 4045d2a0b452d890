package dev.berth.api.ambassadors;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.api.ApiContext;
import dev.berth.api.Exchange;
import dev.berth.api.Router;
import dev.berth.engine.AmbassadorService;
import dev.berth.engine.AmbassadorService.AmbassadorView;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /ambassadors}, a Berth extension of the Engine API (Docker has no such resource): {@code GET /ambassadors}
 * lists the running ambassadors with their listeners, backends and counters; {@code POST
 * /ambassadors/{name}/retarget} with {@code {"Port": 6379, "Protocol": "tcp", "Backends": ["tcp://host:port", …]}}
 * points one listener at new backends without a restart.
 */
public final class AmbassadorRoutes {
  private final AmbassadorService ambassadors;

  public AmbassadorRoutes(ApiContext context) {
    this.ambassadors = context.ambassadors();
  }

  public void register(Router.Builder r) {
    r.get("/ambassadors", this::list);
    r.post("/ambassadors/{name}/retarget", this::retarget);
  }

  void list(Exchange ex) throws IOException {
    ex.json(200, ambassadors.list().stream().map(AmbassadorRoutes::json).toList());
  }

  /** The body of a retarget. */
  record Retarget(@JsonProperty("Port") Integer port, @JsonProperty("Protocol") String protocol,
      @JsonProperty("Backends") List<String> backends) {}

  void retarget(Exchange ex) throws IOException {
    byte[] bytes = ex.request().body().readAllBytes();
    if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      throw new InvalidArgumentException("retarget: the request has no JSON body");
    }
    Retarget body;
    try {
      body = Json.read(bytes, Retarget.class);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("retarget: the body is not valid JSON: " + e.getMessage());
    }
    if (body.port() == null) throw new InvalidArgumentException("retarget: Port is required");
    String protocol = body.protocol() == null || body.protocol().isEmpty() ? "tcp" : body.protocol();
    if (!protocol.equals("tcp") && !protocol.equals("udp")) {
      throw new InvalidArgumentException("retarget: Protocol must be tcp or udp, not " + protocol);
    }
    if (body.backends() == null || body.backends().isEmpty()) throw new InvalidArgumentException("retarget: Backends is empty");
    AmbassadorView v = ambassadors.retarget(ex.request().pathParam("name"), body.port(), protocol, body.backends());
    ex.json(200, json(v));
  }

  private static Map<String, Object> json(AmbassadorView v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Id", v.id());
    out.put("Name", v.name());
    out.put("Listeners", v.listeners().stream().map(l -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Port", l.port());
      m.put("Protocol", l.protocol());
      m.put("Backends", l.backends().stream().map(b -> {
        Map<String, Object> bm = new LinkedHashMap<>();
        bm.put("Address", b.address());
        bm.put("Down", b.down());
        return bm;
      }).toList());
      m.put("Connections", l.connections());
      m.put("Open", l.open());
      m.put("BytesIn", l.bytesIn());
      m.put("BytesOut", l.bytesOut());
      return m;
    }).toList());
    return out;
  }
}
