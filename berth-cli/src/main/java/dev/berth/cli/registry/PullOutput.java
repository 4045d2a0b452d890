package dev.berth.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/**
 * Prints the daemon's pull messages as the docker CLI does off a terminal: one line per layer state change
 * ({@code 8a49fdb3b6a5: Pull complete}), the progress messages (those with a bar) left out. On a terminal the
 * bar is shown too, one line per update.
 */
final class PullOutput {
  private final PrintWriter out;
  private final boolean terminal;

  PullOutput(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  void print(JsonNode message) {
    if (!message.hasNonNull("status")) return;
    String progress = message.path("progress").asText("");
    if (!progress.isEmpty() && !terminal) return;
    String id = message.path("id").asText("");
    out.println((id.isEmpty() ? "" : id + ": ") + message.get("status").asText() + (progress.isEmpty() ? "" : " " + progress));
    out.flush();
  }
}
