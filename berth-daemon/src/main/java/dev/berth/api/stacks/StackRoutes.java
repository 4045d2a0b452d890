package dev.berth.api.stacks;

import dev.berth.api.ApiContext;
import dev.berth.api.ErrorMapper;
import dev.berth.api.Exchange;
import dev.berth.api.Request;
import dev.berth.api.Router;
import dev.berth.engine.StackService;
import dev.berth.engine.StackService.ApplyOptions;
import dev.berth.engine.StackService.ApplyReport;
import dev.berth.engine.StackService.StackSummary;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Json;
import dev.berth.stack.ProjectNames;
import dev.berth.stack.StackFile;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack routes:
 *
 * <ul>
 *   <li>{@code GET /stacks}: the projects on this host, {@code [{"project", "services", "running", "total",
 *       "updated"}]};
 *   <li>{@code POST /stacks/{project}/plan?removeOrphans=1} with a {@code StackFile} as JSON: the {@code Plan};
 *   <li>{@code POST /stacks/{project}/apply?removeOrphans=1}: the same body; one line {@code {"result": StepResult}}
 *       as each step ends, then {@code {"report": ApplyReport}}. (Each line has one member, so that a client
 *       reading Docker's JSON messages never takes a failed step's {@code error} for the stream's.) A stack that cannot be applied at all (a
 *       {@code StackFileException}, raised before anything changes) is a 400 with every problem in the message;
 *       a failure after the stream began is a last line {@code {"error": "..."}};
 *   <li>{@code POST /stacks/{project}/down?volumes=1}: the {@code DownReport};
 *   <li>{@code GET /stacks/{project}/versions}: the project's recorded versions, oldest first ({@code Version});
 *   <li>{@code POST /stacks/{project}/rollback?removeOrphans=1}: re-applies the version before the newest,
 *       streamed as apply is.
 * </ul>
 */
public final class StackRoutes {
  /** The media type of the apply stream: one JSON object per line. */
  public static final String STREAM_TYPE = "application/x-json-stream";

  private final StackService stacks;

  public StackRoutes(ApiContext context) {
    this.stacks = context.stacks();
  }

  public void register(Router.Builder r) {
    r.get("/stacks", this::list);
    r.post("/stacks/{project}/plan", this::plan);
    r.post("/stacks/{project}/apply", this::apply);
    r.post("/stacks/{project}/down", this::down);
    r.get("/stacks/{project}/versions", this::versions);
    r.post("/stacks/{project}/rollback", this::rollback);
  }

  void versions(Exchange ex) throws IOException {
    ex.json(200, stacks.versions(project(ex.request())));
  }

  /** Streams like apply; a rollback refused before it began (no earlier version, a pruned image) is a plain error. */
  void rollback(Exchange ex) throws IOException {
    String project = project(ex.request());
    ApplyStream out = new ApplyStream(ex.stream(200, STREAM_TYPE));
    ApplyReport report;
    try {
      report = stacks.rollback(project, options(ex.request()), out::step);
    } catch (RuntimeException e) {
      if (!out.started()) throw e;
      out.last(Map.of("error", ErrorMapper.map(e).message()));
      return;
    }
    out.last(Map.of("report", report));
  }

  void list(Exchange ex) throws IOException {
    ex.json(200, stacks.list().stream().map(StackRoutes::json).toList());
  }

  void plan(Exchange ex) throws IOException {
    String project = project(ex.request());
    StackFile stack = body(ex.request());
    ex.json(200, stacks.plan(project, stack, options(ex.request())));
  }

  void apply(Exchange ex) throws IOException {
    String project = project(ex.request());
    StackFile stack = body(ex.request());
    ApplyStream out = new ApplyStream(ex.stream(200, STREAM_TYPE));
    ApplyReport report;
    try {
      report = stacks.apply(project, stack, options(ex.request()), out::step);
    } catch (RuntimeException e) {
      if (!out.started()) throw e;
      out.last(Map.of("error", ErrorMapper.map(e).message()));
      return;
    }
    out.last(Map.of("report", report));
  }

  void down(Exchange ex) throws IOException {
    String project = project(ex.request());
    ex.json(200, stacks.down(project, ex.request().flag("volumes")));
  }

  private static String project(Request req) {
    String project = req.pathParam("project");
    if (!ProjectNames.isValid(project)) {
      throw new InvalidArgumentException("invalid project name '" + project + "': " + ProjectNames.RULE);
    }
    return project;
  }

  private static StackFile body(Request req) throws IOException {
    byte[] bytes = req.body().readAllBytes();
    if (bytes.length == 0) throw new InvalidArgumentException(req.method() + " " + req.path() + ": the request has no stack (a JSON StackFile)");
    try {
      return Json.read(bytes, StackFile.class);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(req.method() + " " + req.path() + ": the body is not a valid stack: " + e.getMessage(), e);
    }
  }

  private static ApplyOptions options(Request req) {
    return new ApplyOptions(req.flag("removeOrphans"), ApplyOptions.DEFAULTS.healthTimeout());
  }

  private static Map<String, Object> json(StackSummary s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", s.project());
    out.put("services", s.services());
    out.put("running", s.running());
    out.put("total", s.total());
    out.put("updated", s.updated() == null ? null : s.updated().toString());
    return out;
  }
}
