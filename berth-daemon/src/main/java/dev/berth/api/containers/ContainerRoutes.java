package dev.berth.api.containers;

import dev.berth.api.ApiContext;
import dev.berth.api.Exchange;
import dev.berth.api.Filters;
import dev.berth.api.Request;
import dev.berth.api.Router;
import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerView;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.ContainerNames;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code /containers} routes that answer at once: create, list, inspect, the lifecycle verbs, remove,
 * rename, update, resize, prune and top. Streams (attach, logs, wait, stats) are in
 * {@link ContainerStreamRoutes}, the filesystem ones (archive, commit) in {@link ArchiveRoutes}.
 */
public final class ContainerRoutes {
  private static final Set<String> LIST_FILTERS = Set.of("ancestor", "before", "expose", "exited", "health", "id",
      "isolation", "is-task", "label", "name", "network", "publish", "since", "status", "volume");

  private final ContainerService containers;

  public ContainerRoutes(ApiContext context) {
    this.containers = context.containers();
  }

  public void register(Router.Builder r) {
    r.post("/containers/create", this::create);
    r.get("/containers/json", this::list);
    r.post("/containers/prune", this::prune);
    r.get("/containers/{id}/json", this::inspect);
    r.post("/containers/{id}/start", this::start);
    r.post("/containers/{id}/stop", this::stop);
    r.post("/containers/{id}/restart", this::restart);
    r.post("/containers/{id}/kill", this::kill);
    r.post("/containers/{id}/pause", ex -> noContent(ex, () -> containers.pause(id(ex))));
    r.post("/containers/{id}/unpause", ex -> noContent(ex, () -> containers.unpause(id(ex))));
    r.post("/containers/{id}/rename", this::rename);
    r.post("/containers/{id}/update", this::update);
    r.post("/containers/{id}/resize", this::resize);
    r.get("/containers/{id}/top", this::top);
    r.delete("/containers/{id}", this::remove);
  }

  private static String id(Exchange ex) {
    return ex.request().pathParam("id");
  }

  /** {@code POST /containers/create?name=&platform=}: 201 {@code {"Id": …, "Warnings": []}}. */
  void create(Exchange ex) throws IOException {
    Request req = ex.request();
    String name = req.param("name");
    if (name != null && name.isEmpty()) name = null;
    if (name != null) ContainerNames.canonical(name);
    checkPlatform(req.param("platform"));
    ContainerCreateRequest request = ContainerCreateRequest.parse(Params.jsonBody(req, "container create request"));
    ContainerConfig config = CreateTranslator.toConfig(request);
    ContainerService.Created created = containers.create(name, config);
    applyConsoleSize(created.id(), request);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Id", created.id());
    body.put("Warnings", created.warnings());
    ex.json(201, body);
  }

  /**
   * {@code HostConfig.ConsoleSize} ({@code [rows, cols]}, sent by the CLI since API 1.42) sizes a terminal
   * before its process runs, so the first {@code stty size} already answers right; the CLI's own resize
   * call comes only after start.
   */
  private void applyConsoleSize(String id, ContainerCreateRequest request) {
    java.util.List<Integer> size = request.hostConfig() == null ? null : request.hostConfig().ConsoleSize();
    if (request.config() == null || !request.config().Tty() || size == null || size.size() != 2) return;
    Integer rows = size.get(0);
    Integer cols = size.get(1);
    if (rows == null || cols == null || rows <= 0 || cols <= 0) return;
    containers.resize(id, rows, cols);
  }

  private static void checkPlatform(String platform) {
    if (platform == null || platform.isEmpty()) return;
    if (!platform.equals("linux") && !platform.startsWith("linux/")) {
      throw new InvalidArgumentException("create container: platform \"" + platform + "\" is not supported; this daemon runs linux containers");
    }
  }

  /** {@code GET /containers/json?all&limit&size&filters}; a limit implies all, as in Docker. */
  void list(Exchange ex) throws IOException {
    Request req = ex.request();
    Filters filters = req.filters().allowOnly(LIST_FILTERS);
    int limit = Params.integer(req, "limit", -1);
    if (limit == 0) limit = -1;
    boolean size = req.flag("size");
    boolean all = req.flag("all") || limit > 0;
    List<ContainerView> views = containers.list(new ContainerService.ListOptions(all, limit, size, filters.values()));
    Instant now = Instant.now();
    ex.json(200, views.stream().map(v -> ContainerSummary.of(v, size, now)).toList());
  }

  /** With {@code size=1} the sizes come from the list, the one engine call that computes them. */
  void inspect(Exchange ex) throws IOException {
    ContainerView view = containers.inspect(id(ex));
    boolean size = ex.request().flag("size");
    if (size) {
      String full = view.container().id().hex();
      var sized = containers.list(new ContainerService.ListOptions(true, -1, true, Map.of("id", List.of(full))));
      for (ContainerView v : sized) if (v.container().id().hex().equals(full)) view = v;
    }
    ex.json(200, ContainerInspect.of(view, size));
  }

  /** 204, or 304 when it already runs. */
  void start(Exchange ex) throws IOException {
    boolean started = containers.start(id(ex));
    ex.respond(started ? 204 : 304, null, new byte[0]);
  }

  /** {@code ?t=&signal=}: 204, or 304 when it does not run. */
  void stop(Exchange ex) throws IOException {
    Request req = ex.request();
    boolean stopped = containers.stop(id(ex), Params.integer(req, "t"), emptyToNull(req.param("signal")));
    ex.respond(stopped ? 204 : 304, null, new byte[0]);
  }

  void restart(Exchange ex) throws IOException {
    Request req = ex.request();
    noContent(ex, () -> containers.restart(id(ex), Params.integer(req, "t"), emptyToNull(req.param("signal"))));
  }

  void kill(Exchange ex) throws IOException {
    noContent(ex, () -> containers.kill(id(ex), emptyToNull(ex.request().param("signal"))));
  }

  /** {@code DELETE /containers/{id}?force&v}; {@code link} is refused since Berth has no legacy links. */
  void remove(Exchange ex) throws IOException {
    Request req = ex.request();
    if (req.flag("link")) throw new InvalidArgumentException("remove " + id(ex) + ": legacy links are not supported");
    noContent(ex, () -> containers.remove(id(ex), req.flag("force"), req.flag("v")));
  }

  void rename(Exchange ex) throws IOException {
    String name = Params.required(ex.request(), "name", "rename " + id(ex));
    ContainerNames.canonical(name);
    noContent(ex, () -> containers.rename(id(ex), name));
  }

  /** {@code POST /update}: only the fields the body gives change; answers {@code {"Warnings": […]}}. */
  void update(Exchange ex) throws IOException {
    String ref = id(ex);
    UpdateRequest update = UpdateRequest.parse(Params.jsonBody(ex.request(), "container update request"));
    ContainerConfig current = containers.inspect(ref).container().config();
    List<String> warnings = containers.update(ref, update.resources(current.resources()), update.restartPolicy());
    ex.json(200, Map.of("Warnings", warnings));
  }

  /** {@code ?h=&w=}: 200 with no body, as dockerd answers. */
  void resize(Exchange ex) throws IOException {
    int[] size = size(ex.request());
    containers.resize(id(ex), size[0], size[1]);
    ex.respond(200, "text/plain; charset=utf-8", new byte[0]);
  }

  /** Rows and columns from {@code h} and {@code w}; 400 unless both are non-negative integers. */
  public static int[] size(Request req) {
    Integer h = Params.integer(req, "h");
    Integer w = Params.integer(req, "w");
    if (h == null || w == null || h < 0 || w < 0) {
      throw new InvalidArgumentException("resize: h and w must both be given as non-negative integers");
    }
    return new int[] {h, w};
  }

  void top(Exchange ex) throws IOException {
    String psArgs = ex.request().param("ps_args");
    ContainerService.Top top = containers.top(id(ex), psArgs == null || psArgs.isEmpty() ? "-ef" : psArgs);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Titles", top.titles());
    body.put("Processes", top.processes());
    ex.json(200, body);
  }

  void prune(Exchange ex) throws IOException {
    Filters filters = ex.request().filters().allowOnly(Set.of("until", "label", "label!"));
    ContainerService.PruneReport report = containers.prune(filters.values());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ContainersDeleted", report.deleted());
    body.put("SpaceReclaimed", report.spaceReclaimed());
    ex.json(200, body);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private interface Action {
    void run() throws IOException;
  }

  private static void noContent(Exchange ex, Action action) throws IOException {
    action.run();
    ex.respond(204, null, new byte[0]);
  }
}
