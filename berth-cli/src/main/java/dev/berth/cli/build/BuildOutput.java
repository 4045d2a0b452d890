package dev.berth.cli.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.berth.client.DaemonClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;

/**
 * Prints the JSON messages of {@code POST /build} as the docker CLI does off a terminal: {@code stream}
 * text as it comes on standard output, {@code aux} kept as the image ID, and an error message on standard
 * error, its {@code errorDetail.code} (a failed RUN's exit code) becoming the exit status, else 1. With
 * {@code -q} the output is held: printed on success (it is then just the ID), sent to standard error on
 * failure so that the user sees what went wrong.
 */
final class BuildOutput {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean quiet;
  private final StringBuilder held = new StringBuilder();
  private String imageId;

  BuildOutput(PrintWriter out, PrintWriter err, boolean quiet) {
    this.out = out;
    this.err = err;
    this.quiet = quiet;
  }

  /** The ID from the {@code aux} message, or null when none came. */
  String imageId() {
    return imageId;
  }

  /** Reads every message; returns the exit status (0 when the build succeeded). */
  int print(InputStream body) throws IOException {
    try (MappingIterator<JsonNode> messages = DaemonClient.mapper().readerFor(JsonNode.class).readValues(body)) {
      while (messages.hasNextValue()) {
        JsonNode m = messages.nextValue();
        if (m.hasNonNull("error") || m.hasNonNull("errorDetail")) return failed(m);
        accept(m);
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("malformed JSON message from the daemon: " + e.getOriginalMessage(), e);
    }
    if (quiet) {
      out.print(held);
      out.flush();
    }
    return 0;
  }

  private void accept(JsonNode m) {
    if (m.path("aux").hasNonNull("ID")) {
      imageId = m.get("aux").get("ID").asText();
      return;
    }
    String text = m.hasNonNull("stream") ? m.get("stream").asText()
        : m.hasNonNull("status") ? m.get("status").asText() + "\n" : null;
    if (text == null) return;
    if (quiet) {
      held.append(text);
    } else {
      out.print(text);
      out.flush();
    }
  }

  private int failed(JsonNode m) {
    out.flush();
    String message = m.hasNonNull("error") ? m.get("error").asText() : m.path("errorDetail").path("message").asText("unknown error");
    if (quiet) err.print(held);
    err.println(message);
    err.flush();
    int code = m.path("errorDetail").path("code").asInt(0);
    return code > 0 ? code : 1;
  }
}
