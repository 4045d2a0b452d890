package dev.berth.cli.registry.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON text laid out as Go's {@code json.MarshalIndent(v, "", "\t")}, which is how {@code docker manifest
 * inspect} prints: one member or element per line, a tab per level, {@code "key": value}, and {@code []} or
 * {@code {}} for empty containers. Go also escapes {@code <}, {@code >} and {@code &}, so that is done here too.
 */
final class GoJson {
  private GoJson() {}

  static String indent(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out, 0);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out, int depth) {
    if (node.isObject()) {
      if (node.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append('{');
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        newline(out, depth + 1);
        string(field.getKey(), out);
        out.append(": ");
        write(field.getValue(), out, depth + 1);
        if (fields.hasNext()) out.append(',');
      }
      newline(out, depth);
      out.append('}');
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        newline(out, depth + 1);
        write(node.get(i), out, depth + 1);
        if (i < node.size() - 1) out.append(',');
      }
      newline(out, depth);
      out.append(']');
    } else if (node.isTextual()) {
      string(node.asText(), out);
    } else {
      out.append(node.toString());
    }
  }

  private static void newline(StringBuilder out, int depth) {
    out.append('\n').append("\t".repeat(depth));
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    out.append('"');
  }
}
