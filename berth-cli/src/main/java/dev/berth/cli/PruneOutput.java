package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.format.Units;

/**
 * What the prune commands print, as docker prints it: a heading and one line per removed object, then (for all
 * but networks) a blank line and the space reclaimed. One place, so the five prune commands and
 * {@code system prune} cannot drift apart.
 */
public final class PruneOutput {
  private PruneOutput() {}

  /**
   * Prints {@code heading} and each element of the report's {@code field} (nothing when it is empty), followed by a
   * blank line when {@code blankLine}.
   */
  public static void deleted(CliContext ctx, JsonNode report, String field, String heading, boolean blankLine) {
    JsonNode deleted = report.path(field);
    if (!deleted.isArray() || deleted.isEmpty()) return;
    ctx.out().println(heading);
    deleted.forEach(n -> ctx.out().println(n.asText()));
    if (blankLine) ctx.out().println();
  }

  /** "Total reclaimed space: 1.5MB", in docker's units. */
  public static void reclaimed(CliContext ctx, long bytes) {
    ctx.out().println("Total reclaimed space: " + Units.humanSize(bytes, 4));
  }
}
