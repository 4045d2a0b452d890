package dev.berth.api.volumes;

import dev.berth.api.ApiContext;
import dev.berth.api.ApiVersion;
import dev.berth.api.Exchange;
import dev.berth.api.Filters;
import dev.berth.api.Request;
import dev.berth.api.Router;
import dev.berth.engine.ContainerService.PruneReport;
import dev.berth.engine.Volume;
import dev.berth.engine.VolumeService;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code /volumes} routes. Volume names cannot hold a slash, so {@code /volumes/{name}} is one segment;
 * the literal {@code /volumes/create} and {@code /volumes/prune} win over it in the router.
 */
public final class VolumeRoutes {
  /** Before API 1.42, prune took every unused volume; since then only anonymous ones unless {@code all=true}. */
  private static final ApiVersion PRUNE_ANONYMOUS_ONLY = new ApiVersion(1, 42);

  private final VolumeService volumes;

  public VolumeRoutes(ApiContext context) {
    this.volumes = context.volumes();
  }

  public void register(Router.Builder r) {
    r.get("/volumes", this::list);
    r.post("/volumes/create", this::create);
    r.post("/volumes/prune", this::prune);
    r.get("/volumes/{name}", this::inspect);
    r.delete("/volumes/{name}", this::remove);
  }

  void list(Exchange ex) throws IOException {
    Filters filters = ex.request().filters().allowOnly(Set.of("name", "label", "dangling", "driver"));
    List<VolumeJson> list = volumes.list(filters.values()).stream().map(VolumeJson::of).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Volumes", list);
    body.put("Warnings", List.of());
    ex.json(200, body);
  }

  /** 201 with the volume, new or (create being idempotent) the existing one of that name. */
  void create(Exchange ex) throws IOException {
    VolumeCreateBody body = body(ex.request());
    Volume v = volumes.create(body.name(), body.driver(), body.driverOpts(), body.labels());
    ex.json(201, VolumeJson.of(v));
  }

  void inspect(Exchange ex) throws IOException {
    ex.json(200, VolumeJson.of(volumes.inspect(ex.request().pathParam("name"))));
  }

  /** 204 with no body, as dockerd answers. */
  void remove(Exchange ex) throws IOException {
    Request req = ex.request();
    volumes.remove(req.pathParam("name"), req.flag("force"));
    ex.respond(204, null, new byte[0]);
  }

  void prune(Exchange ex) throws IOException {
    Request req = ex.request();
    Filters filters = req.filters().allowOnly(Set.of("label", "label!", "all"));
    boolean all = !req.version().atLeast(PRUNE_ANONYMOUS_ONLY);
    PruneReport report = volumes.prune(all, filters.values());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("VolumesDeleted", report.deleted());
    body.put("SpaceReclaimed", report.spaceReclaimed());
    ex.json(200, body);
  }

  /** The Volumes of {@code GET /system/df}: every volume with its size measured. */
  public static List<VolumeJson> diskUsage(VolumeService volumes) {
    return volumes.list(Map.of()).stream().map(v -> VolumeJson.of(v, volumes.size(v.name()))).toList();
  }

  private static VolumeCreateBody body(Request req) throws IOException {
    byte[] bytes = req.body().readAllBytes();
    if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) return VolumeCreateBody.EMPTY;
    try {
      return Json.read(bytes, VolumeCreateBody.class);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("create volume: invalid JSON body: " + e.getMessage(), e);
    }
  }
}
