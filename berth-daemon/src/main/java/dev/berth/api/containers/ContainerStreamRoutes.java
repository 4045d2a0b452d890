package dev.berth.api.containers;

import dev.berth.api.ApiContext;
import dev.berth.api.Exchange;
import dev.berth.api.Request;
import dev.berth.api.Router;
import dev.berth.engine.Attachment;
import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerView;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Json;
import dev.berth.runtime.monitor.LogQuery;
import dev.berth.runtime.monitor.LogStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code /containers} routes that stream: attach (hijacked or plain), logs, wait (headers at once, the
 * body when the condition is met) and stats. Each runs on its request's virtual thread and blocks there.
 */
public final class ContainerStreamRoutes {
  private final ContainerService containers;

  public ContainerStreamRoutes(ApiContext context) {
    this.containers = context.containers();
  }

  public void register(Router.Builder r) {
    r.post("/containers/{id}/attach", this::attach);
    r.get("/containers/{id}/logs", this::logs);
    r.post("/containers/{id}/wait", this::waitFor);
    r.get("/containers/{id}/stats", new StatsHandler(containers)::handle);
  }

  /** {@code ?stream&stdin&stdout&stderr&logs&detachKeys}. The attachment is made before the answer, so a 404 is still HTTP. */
  void attach(Exchange ex) throws IOException {
    Request req = ex.request();
    DetachKeys keys = DetachKeys.parse(req.param("detachKeys"));
    var options = new ContainerService.AttachOptions(req.flag("stdin"), req.flag("stdout"), req.flag("stderr"),
        req.flag("logs"), req.flag("stream"), req.param("detachKeys"));
    Attachment attachment = containers.attach(req.pathParam("id"), options);
    StdioStreams.serve(ex, attachment, options.stdin(), keys);
  }

  /** {@code ?follow&stdout&stderr&since&until&timestamps&tail}. */
  void logs(Exchange ex) throws IOException {
    Request req = ex.request();
    String ref = req.pathParam("id");
    EnumSet<LogStream> streams = EnumSet.noneOf(LogStream.class);
    if (req.flag("stdout")) streams.add(LogStream.STDOUT);
    if (req.flag("stderr")) streams.add(LogStream.STDERR);
    if (streams.isEmpty()) throw new InvalidArgumentException("Bad parameters: you must choose at least one stream");
    LogQuery query = new LogQuery(ApiTimes.parseTimestamp("since", req.param("since")),
        ApiTimes.parseTimestamp("until", req.param("until")), tail(req.param("tail")), req.flag("follow"), streams);
    boolean timestamps = req.flag("timestamps");
    ContainerView view = containers.inspect(ref);
    boolean tty = view.container().config().basic().tty();
    try (Exchange.ResponseStream out = ex.stream(200, StdioStreams.contentType(tty, req.version()))) {
      if (query.follow()) out.commit();
      containers.logs(ref, query, record -> {
        if (!ex.isOpen()) return false;
        String text = timestamps ? ApiTimes.rfc3339NanoFixed(record.time()) + " " + record.line() : record.line();
        Attachment.Stream stream = record.stream() == LogStream.STDERR ? Attachment.Stream.STDERR : Attachment.Stream.STDOUT;
        try {
          StdioStreams.write(out, tty, stream, text.getBytes(StandardCharsets.UTF_8));
          if (query.follow()) out.flush();
          return true;
        } catch (IOException e) {
          return false;
        }
      });
    }
  }

  /** Docker's {@code tail}: "all", empty or a negative number mean everything; else a count. */
  static int tail(String value) {
    if (value == null || value.isEmpty() || value.equals("all")) return -1;
    try {
      int n = Integer.parseInt(value);
      return n < 0 ? -1 : n;
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("invalid value for tail: '" + value + "' (want a number or all)");
    }
  }

  /**
   * {@code POST /wait?condition=}: the wait is registered and the 200 headers go out before anything else,
   * because the CLI calls this before start; the body {@code {"StatusCode":0,"Error":null}} follows when the
   * condition is met. A client that leaves ends the wait.
   */
  void waitFor(Exchange ex) throws IOException {
    Request req = ex.request();
    ContainerService.WaitCondition condition = ContainerService.WaitCondition.parse(req.param("condition"));
    CompletableFuture<ContainerService.WaitResult> future = containers.waitFor(req.pathParam("id"), condition);
    try (Exchange.ResponseStream out = ex.stream(200, "application/json")) {
      out.commit();
      ContainerService.WaitResult result;
      try {
        result = await(ex, future);
      } catch (RuntimeException e) {
        result = new ContainerService.WaitResult(-1, e.getMessage() == null ? e.toString() : e.getMessage());
      }
      if (result == null) return;
      out.write(Json.write(WaitResponse.of(result)));
      out.write('\n');
    }
  }

  private static <T> T await(Exchange ex, CompletableFuture<T> future) throws IOException {
    while (true) {
      try {
        return future.get(500, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (!ex.isOpen()) {
          future.cancel(false);
          return null;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) throw r;
        throw new UncheckedIOException(new IOException(cause));
      }
    }
  }
}
