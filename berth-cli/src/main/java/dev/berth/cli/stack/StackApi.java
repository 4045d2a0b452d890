package dev.berth.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.berth.client.ApiRequest;
import dev.berth.client.ApiResponse;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonException;
import dev.berth.stack.StackFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The {@code /stacks} calls, answers as JSON trees (the CLI does not share the engine's records). Public for
 * {@code berth deploy}, which makes the same calls on remote hosts.
 */
public final class StackApi {
  private final DaemonClient client;

  public StackApi(DaemonClient client) {
    this.client = client;
  }

  public JsonNode plan(String project, StackFile stack, boolean removeOrphans) throws IOException {
    return client.json(withStack(ApiRequest.post(path(project, "plan")).flag("removeOrphans", removeOrphans), stack));
  }

  /**
   * Applies and hands each {@code StepResult} to {@code each} as its line arrives; returns the report. An
   * {@code {"error"}} line (a failure after the apply began) becomes a DaemonException.
   */
  public JsonNode apply(String project, StackFile stack, boolean removeOrphans, Consumer<JsonNode> each) throws IOException {
    return streamed(project, withStack(ApiRequest.post(path(project, "apply")).flag("removeOrphans", removeOrphans), stack), each);
  }

  /** Re-applies the version before the newest on the daemon's host; streamed as {@link #apply} is. */
  public JsonNode rollback(String project, Consumer<JsonNode> each) throws IOException {
    return streamed(project, ApiRequest.post(path(project, "rollback")).build(), each);
  }

  /** The project's versions recorded on the daemon's host, oldest first. */
  public JsonNode versions(String project) throws IOException {
    return client.json(ApiRequest.get(path(project, "versions")).build());
  }

  private JsonNode streamed(String project, ApiRequest request, Consumer<JsonNode> each) throws IOException {
    try (ApiResponse response = client.call(request);
        MappingIterator<JsonNode> lines = DaemonClient.mapper().readerFor(JsonNode.class).readValues(response.body())) {
      while (lines.hasNextValue()) {
        JsonNode line = lines.nextValue();
        if (line.has("result")) each.accept(line.get("result"));
        else if (line.has("report")) return line.get("report");
        else if (line.has("error")) throw new DaemonException(500, line.get("error").asText());
      }
    }
    throw new IOException("the daemon ended the apply of " + project + " without a report");
  }

  JsonNode list() throws IOException {
    return client.json(ApiRequest.get("/stacks").build());
  }

  JsonNode down(String project, boolean volumes) throws IOException {
    return client.json(ApiRequest.post(path(project, "down")).flag("volumes", volumes).build());
  }

  private static String path(String project, String action) {
    return "/stacks/" + ApiRequest.encode(project) + "/" + action;
  }

  private static ApiRequest withStack(ApiRequest.Builder b, StackFile stack) throws IOException {
    byte[] body = DaemonClient.mapper().writeValueAsBytes(stack);
    return b.body(new ByteArrayInputStream(body), "application/json").build();
  }
}
