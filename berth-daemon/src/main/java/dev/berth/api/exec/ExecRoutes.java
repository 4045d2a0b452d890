package dev.berth.api.exec;

import dev.berth.api.ApiContext;
import dev.berth.api.Exchange;
import dev.berth.api.Request;
import dev.berth.api.Router;
import dev.berth.api.containers.ContainerRoutes;
import dev.berth.api.containers.DetachKeys;
import dev.berth.api.containers.Params;
import dev.berth.api.containers.StdioStreams;
import dev.berth.engine.Attachment;
import dev.berth.engine.ExecService;
import dev.berth.errors.ConflictException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Docker's two-step exec: create (201 {@code {"Id": …}}), then start, which either detaches (200, empty) or
 * carries the process's stdio like attach does, hijacked when the client asked to upgrade.
 */
public final class ExecRoutes {
  private final ExecService execs;

  public ExecRoutes(ApiContext context) {
    this.execs = context.execs();
  }

  public void register(Router.Builder r) {
    r.post("/containers/{id}/exec", this::create);
    r.post("/exec/{id}/start", this::start);
    r.post("/exec/{id}/resize", this::resize);
    r.get("/exec/{id}/json", this::inspect);
  }

  void create(Exchange ex) throws IOException {
    Request req = ex.request();
    ExecCreateRequest body = ExecCreateRequest.parse(Params.jsonBody(req, "exec create request"));
    ExecService.ExecConfig config = body.toConfig();
    DetachKeys.parse(config.detachKeys());
    String id = execs.create(req.pathParam("id"), config);
    ex.json(201, Map.of("Id", id));
  }

  void start(Exchange ex) throws IOException {
    Request req = ex.request();
    String id = req.pathParam("id");
    ExecStartRequest body = ExecStartRequest.parse(Params.jsonBody(req, "exec start request"));
    ExecService.ExecView view = execs.inspect(id);
    if (view.running() || view.exitCode() != null) {
      throw new ConflictException("exec " + id + " has already been started");
    }
    boolean tty = body.Tty() != null ? body.Tty() : view.config().tty();
    if (tty && !body.Detach()) resizeBeforeStart(id, body.ConsoleSize());
    Attachment attachment = execs.start(id, body.Detach(), body.Tty());
    if (body.Detach() || attachment == null) {
      if (attachment != null) attachment.close();
      ex.respond(200, null, new byte[0]);
      return;
    }
    StdioStreams.serve(ex, attachment, view.config().attachStdin(), DetachKeys.parse(view.config().detachKeys()));
  }

  /**
   * Sizes the exec's terminal before its process starts ({@code ConsoleSize}, {@code [rows, cols]}), so the
   * process never sees a 0x0 terminal: a resize after the start races the process's first look at its size,
   * and loses over a slow link such as an ssh host.
   */
  private void resizeBeforeStart(String id, List<Integer> size) {
    if (size == null || size.size() != 2 || size.get(0) <= 0 || size.get(1) <= 0) return;
    try {
      execs.resize(id, size.get(0), size.get(1));
    } catch (RuntimeException e) {
      // a size the engine refuses is not worth refusing the start for: the client resizes again after it
    }
  }

  void resize(Exchange ex) throws IOException {
    int[] size = ContainerRoutes.size(ex.request());
    execs.resize(ex.request().pathParam("id"), size[0], size[1]);
    ex.respond(200, "text/plain; charset=utf-8", new byte[0]);
  }

  void inspect(Exchange ex) throws IOException {
    ex.json(200, ExecInspect.of(execs.inspect(ex.request().pathParam("id"))));
  }
}
