package dev.berth.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.client.ApiRequest;
import dev.berth.client.ApiResponse;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonException;
import dev.berth.client.HijackedStream;
import java.io.IOException;

/** The container calls several commands make: create, attach, wait, start, inspect. */
final class Containers {
  private Containers() {}

  static String path(String container, String action) {
    return "/containers/" + ApiRequest.encode(container) + (action.isEmpty() ? "" : "/" + action);
  }

  /** {@code POST /containers/create}; prints the daemon's warnings; returns the new ID. */
  static String create(CliContext ctx, CreateBody.Create create) throws IOException {
    byte[] body = DaemonClient.mapper().writeValueAsBytes(create.body());
    JsonNode answer = ctx.client().json(ApiRequest.post("/containers/create").query("name", create.name()).query("platform", create.platform())
        .body(new java.io.ByteArrayInputStream(body), "application/json").build());
    for (JsonNode w : answer.path("Warnings")) ctx.err().println("WARNING: " + w.asText());
    return answer.path("Id").asText();
  }

  /** Opens the hijacked attach stream for the given streams. */
  static HijackedStream attach(CliContext ctx, String id, boolean stdin, boolean stdout, boolean stderr, String detachKeys) throws IOException {
    return ctx.client().hijack(ApiRequest.post(path(id, "attach")).query("detachKeys", detachKeys).flag("stderr", stderr).flag("stdin", stdin).flag("stdout", stdout)
        .flag("stream", true).build(), new byte[0]);
  }

  /**
   * Starts waiting: the daemon sends the headers at once and the body when the condition is met, so the
   * returned response must be read after start.
   *
   * @param condition {@code next-exit}, {@code removed}, or null for the daemon's default
   */
  static ApiResponse waitFor(CliContext ctx, String id, String condition) throws IOException {
    return ctx.client().call(ApiRequest.post(path(id, "wait")).query("condition", condition).build());
  }

  /** Reads a wait answer: the container's exit status; a wait error is Berth's failure, 125. */
  static int exitStatus(CliContext ctx, ApiResponse wait) throws IOException {
    try (wait) {
      JsonNode result = DaemonClient.mapper().readTree(wait.bytes());
      String error = result.path("Error").path("Message").asText("");
      if (!error.isEmpty()) {
        ctx.err().println("Error waiting for container: " + error);
        return 125;
      }
      return result.path("StatusCode").asInt(125);
    }
  }

  /** {@code POST /containers/ID/start}; a 304 (already started) is not an error. */
  static void start(CliContext ctx, String id) throws IOException {
    try {
      ctx.client().send(ApiRequest.post(path(id, "start")).build());
    } catch (DaemonException e) {
      if (e.status() != 304) throw e;
    }
  }

  static JsonNode inspect(CliContext ctx, String container) throws IOException {
    return ctx.client().json(ApiRequest.get(path(container, "json")).build());
  }
}
