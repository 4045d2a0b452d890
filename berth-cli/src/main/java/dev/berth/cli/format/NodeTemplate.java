package dev.berth.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go-style templates over a JSON document, for {@code inspect}, {@code version}, {@code info} and
 * {@code events}: {@code {{.Config.Cmd}}} prints a value the way Go's template prints it
 * ({@code [/bin/sh]}), {@code {{json .Config}}} prints it as JSON, {@code {{.}}} the whole document.
 */
public final class NodeTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(json\\s+)?\\.([A-Za-z0-9_.]*)\\s*}}");

  private NodeTemplate() {}

  public static String apply(String template, JsonNode document) {
    String t = template.replace("\\t", "\t").replace("\\n", "\n");
    return PLACEHOLDER.matcher(t).replaceAll(m -> {
      JsonNode node = document;
      if (!m.group(2).isEmpty()) {
        for (String part : m.group(2).split("\\.")) node = node == null ? null : node.get(part);
      }
      String text = m.group(1) != null ? (node == null ? "null" : node.toString()) : goText(node);
      return Matcher.quoteReplacement(text);
    });
  }

  /** How Go's text/template prints a decoded JSON value. */
  static String goText(JsonNode node) {
    if (node == null || node.isMissingNode()) return "<no value>";
    if (node.isNull()) return "<nil>";
    if (node.isTextual()) return node.asText();
    if (node.isValueNode()) return node.toString();
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(n -> items.add(goText(n)));
      return "[" + String.join(" ", items) + "]";
    }
    List<String> items = new ArrayList<>();
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) fields.add(it.next());
    fields.sort(Map.Entry.comparingByKey());
    for (Map.Entry<String, JsonNode> f : fields) items.add(f.getKey() + ":" + goText(f.getValue()));
    return "map[" + String.join(" ", items) + "]";
  }
}
