package dev.berth.cli.dom0;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints a boot record of {@code GET /dom0} as text: a heading, the image and stack, then one line per step. */
final class BootReport {
  private BootReport() {}

  static void print(PrintWriter out, JsonNode boot) {
    String state = boot.path("Finished").isNull() || boot.path("Finished").isMissingNode() ? "running"
        : boot.path("Failed").asBoolean() ? "failed" : "ok";
    out.println("Boot " + boot.path("Number").asInt() + " (" + boot.path("Trigger").asText() + "): " + state);
    out.println("  Started:  " + boot.path("Started").asText());
    if (!boot.path("Finished").isNull() && !boot.path("Finished").isMissingNode()) out.println("  Finished: " + boot.path("Finished").asText());
    out.println("  Image:    " + boot.path("Image").asText() + (text(boot, "ImageID").isEmpty() ? " (not found)" : " " + text(boot, "ImageID")));
    out.println("  Stack:    " + (text(boot, "StackDigest").isEmpty() ? "-" : text(boot, "StackDigest")));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"STEP", "OUTCOME", "DETAIL"});
    for (JsonNode s : boot.path("Steps")) {
      String detail = text(s, "Detail");
      if (!text(s, "Error").isEmpty()) detail = detail + (detail.isEmpty() ? "" : ": ") + "error: " + text(s, "Error");
      rows.add(new String[] {text(s, "Name"), text(s, "Outcome"), detail});
    }
    int w0 = rows.stream().mapToInt(r -> r[0].length()).max().orElse(4);
    int w1 = rows.stream().mapToInt(r -> r[1].length()).max().orElse(7);
    for (String[] r : rows) out.println("  " + pad(r[0], w0) + "   " + pad(r[1], w1) + "   " + r[2]);
  }

  static String text(JsonNode node, String key) {
    JsonNode v = node.path(key);
    return v.isMissingNode() || v.isNull() ? "" : v.asText();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
