package dev.berth.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Prints the daemon's JSON progress messages (load, import) as plain lines, as docker does off a terminal. */
final class Progress {
  private Progress() {}

  static void print(PrintWriter out, JsonNode message, boolean quiet) {
    if (message.hasNonNull("stream")) {
      out.print(message.get("stream").asText());
      out.flush();
      return;
    }
    if (quiet || !message.hasNonNull("status")) return;
    String id = message.path("id").asText("");
    String progress = message.path("progress").asText("");
    out.println((id.isEmpty() ? "" : id + ": ") + message.get("status").asText() + (progress.isEmpty() ? "" : " " + progress));
    out.flush();
  }
}
