package dev.berth.api.containers;

import dev.berth.api.ApiContext;
import dev.berth.api.Exchange;
import dev.berth.api.Request;
import dev.berth.api.Router;
import dev.berth.engine.ContainerService;
import dev.berth.engine.Image;
import dev.berth.oci.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container filesystem routes: {@code HEAD/GET/PUT /containers/{id}/archive?path=} ({@code docker cp})
 * and {@code POST /commit}. The path's facts travel in {@code X-Docker-Container-Path-Stat}, base64 of
 * {@code {"name":"x","size":3,"mode":420,"mtime":"2026-…Z","linkTarget":""}}.
 */
public final class ArchiveRoutes {
  static final String STAT_HEADER = "X-Docker-Container-Path-Stat";

  private final ContainerService containers;

  public ArchiveRoutes(ApiContext context) {
    this.containers = context.containers();
  }

  public void register(Router.Builder r) {
    r.head("/containers/{id}/archive", this::stat);
    r.get("/containers/{id}/archive", this::get);
    r.add("PUT", "/containers/{id}/archive", this::put);
    r.post("/commit", this::commit);
  }

  void stat(Exchange ex) throws IOException {
    Request req = ex.request();
    ContainerService.PathStat stat = containers.statPath(req.pathParam("id"), Params.required(req, "path", "stat"));
    ex.respond(200, null, new byte[0], Map.of(STAT_HEADER, encode(stat)));
  }

  /** The stat goes in the headers, so it is taken first; then the tar streams. */
  void get(Exchange ex) throws IOException {
    Request req = ex.request();
    String ref = req.pathParam("id");
    String path = Params.required(req, "path", "copy from container");
    ContainerService.PathStat stat = containers.statPath(ref, path);
    try (OutputStream out = ex.stream(200, "application/x-tar", Map.of(STAT_HEADER, encode(stat)))) {
      containers.getArchive(ref, path, out);
    }
  }

  void put(Exchange ex) throws IOException {
    Request req = ex.request();
    String path = Params.required(req, "path", "copy to container");
    try (InputStream tar = req.body()) {
      containers.putArchive(req.pathParam("id"), path, tar, req.flag("noOverwriteDirNonDir"), req.flag("copyUIDGID"));
    }
    ex.respond(200, null, new byte[0]);
  }

  /** {@code POST /commit?container&repo&tag&comment&author&changes&pause}: 201 {@code {"Id": "sha256:…"}}. */
  void commit(Exchange ex) throws IOException {
    Request req = ex.request();
    String container = Params.required(req, "container", "commit");
    String repo = req.param("repo", "");
    String tag = req.param("tag", "");
    String reference = repo.isEmpty() ? null : tag.isEmpty() ? repo : repo + ":" + tag;
    List<String> changes = new ArrayList<>();
    for (String c : req.params("changes")) if (!c.isBlank()) changes.add(c);
    boolean pause = req.param("pause") == null || req.flag("pause");
    Image image = containers.commit(container,
        new ContainerService.CommitOptions(reference, req.param("comment", ""), req.param("author", ""), changes, pause));
    ex.json(201, Map.of("Id", image.id().toString()));
  }

  static String encode(ContainerService.PathStat stat) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", stat.name());
    m.put("size", stat.size());
    m.put("mode", stat.mode());
    m.put("mtime", ApiTimes.rfc3339(stat.mtime()));
    m.put("linkTarget", stat.linkTarget() == null ? "" : stat.linkTarget());
    return Base64.getEncoder().encodeToString(Json.writeString(m).getBytes(StandardCharsets.UTF_8));
  }
}
