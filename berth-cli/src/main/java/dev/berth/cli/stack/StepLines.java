package dev.berth.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.format.Rows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code berth apply} prints: the plan as a table (ACTION, KIND, NAME, REASON) for {@code --dry-run}, one
 * line per step as it ends ({@code service web: recreated (config changed: environment)}), and a last line that
 * says either that nothing changed or how many objects each action touched.
 */
public final class StepLines {
  public static final Rows.Columns PLAN_COLUMNS = new Rows.Columns(List.of("Action", "Kind", "Name", "Reason"), Map.of());

  private StepLines() {}

  public static List<Map<String, String>> planRows(JsonNode plan) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (JsonNode step : plan.path("steps")) {
      Map<String, String> row = new LinkedHashMap<>();
      row.put("Action", step.path("action").asText().toLowerCase(java.util.Locale.ROOT));
      row.put("Kind", step.path("kind").asText().toLowerCase(java.util.Locale.ROOT));
      row.put("Name", step.path("name").asText());
      row.put("Reason", step.path("reason").asText());
      rows.add(row);
    }
    return rows;
  }

  /** One finished step: {@code <kind> <name>: <what happened>[ (<reason>)]}. */
  public static String step(JsonNode result) {
    JsonNode step = result.path("step");
    String head = step.path("kind").asText().toLowerCase(java.util.Locale.ROOT) + " " + step.path("name").asText() + ": ";
    String reason = step.path("reason").asText("");
    return switch (result.path("outcome").asText()) {
      case "FAILED" -> head + "FAILED to " + verb(step.path("action").asText()) + ": " + result.path("error").asText();
      case "SKIPPED" -> head + "skipped" + (result.hasNonNull("error") ? " (" + result.path("error").asText() + ")" : "");
      default -> head + done(step.path("action").asText()) + (reason.isEmpty() ? "" : " (" + reason + ")");
    };
  }

  /** The last line: "shop: up to date, nothing changed", or "shop: 1 created, 2 unchanged, 1 failed". */
  public static String summary(String project, JsonNode report) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    boolean changed = false;
    for (JsonNode r : report.path("results")) {
      String action = r.path("step").path("action").asText();
      changed |= !action.equals("KEEP");
      String key = switch (r.path("outcome").asText()) {
        case "FAILED" -> "failed";
        case "SKIPPED" -> "skipped";
        default -> done(action);
      };
      counts.merge(key, 1, Integer::sum);
    }
    if (!changed) return project + ": up to date, nothing changed";
    List<String> parts = new ArrayList<>();
    for (String key : List.of("created", "recreated", "started", "removed", "unchanged", "failed", "skipped")) {
      if (counts.containsKey(key)) parts.add(counts.get(key) + " " + key);
    }
    return project + ": " + String.join(", ", parts);
  }

  public static boolean failed(JsonNode report) {
    for (JsonNode r : report.path("results")) if (r.path("outcome").asText().equals("FAILED")) return true;
    return false;
  }

  private static String done(String action) {
    return switch (action) {
      case "CREATE" -> "created";
      case "RECREATE" -> "recreated";
      case "START" -> "started";
      case "REMOVE" -> "removed";
      default -> "unchanged";
    };
  }

  private static String verb(String action) {
    return switch (action) {
      case "CREATE" -> "create";
      case "RECREATE" -> "recreate";
      case "START" -> "start";
      case "REMOVE" -> "remove";
      default -> "check";
    };
  }
}
