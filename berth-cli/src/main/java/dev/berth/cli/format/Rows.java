package dev.berth.cli.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders items, each a map from docker's field names ({@code Repository}, {@code ID}, …) to display text,
 * in any {@link OutputFormat}. A command describes its table once ({@link Columns}) and hands over rows.
 */
public final class Rows {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(json\\s+)?\\.([A-Za-z0-9_]*)\\s*}}");

  private Rows() {}

  /**
   * The table a command shows by default and the headers of every field it knows.
   *
   * @param defaults the field names of the default columns, in order
   * @param headers field name to header text ("ID" to "IMAGE ID"); fields not listed get their name upper-cased
   */
  public record Columns(List<String> defaults, Map<String, String> headers) {
    public Columns {
      defaults = List.copyOf(defaults);
      headers = Map.copyOf(headers);
    }

    String header(String field) {
      return headers.getOrDefault(field, field.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** The whole output, each line ending in a newline; an empty table still prints its header. */
  public static String render(OutputFormat format, Columns columns, List<Map<String, String>> rows) {
    return switch (format) {
      case OutputFormat.Table t -> table(t.template() != null ? t.template() : defaultTemplate(columns), columns, rows);
      case OutputFormat.Json j -> lines(rows.stream().map(Rows::json).toList());
      case OutputFormat.Template t -> lines(rows.stream().map(r -> fill(unescape(t.template()), r)).toList());
    };
  }

  private static String defaultTemplate(Columns columns) {
    return String.join("\t", columns.defaults().stream().map(f -> "{{." + f + "}}").toList());
  }

  private static String table(String template, Columns columns, List<Map<String, String>> rows) {
    String t = unescape(template);
    List<String> lines = new ArrayList<>();
    lines.add(PLACEHOLDER.matcher(t).replaceAll(m -> Matcher.quoteReplacement(m.group(2).isEmpty() ? "" : columns.header(m.group(2)))));
    for (Map<String, String> row : rows) lines.add(fill(t, row));
    return Table.align(lines);
  }

  /** Substitutes {@code {{.Field}}}, {@code {{json .Field}}} and {@code {{json .}}}; an unknown field is an error. */
  static String fill(String template, Map<String, String> row) {
    return PLACEHOLDER.matcher(template).replaceAll(m -> {
      String field = m.group(2);
      boolean asJson = m.group(1) != null;
      if (field.isEmpty()) return Matcher.quoteReplacement(json(row));
      String value = row.get(field);
      if (value == null) {
        throw new IllegalArgumentException(
            "invalid format: field \"" + field + "\" does not exist; known fields: " + String.join(", ", new TreeMap<>(row).keySet()));
      }
      return Matcher.quoteReplacement(asJson ? quote(value) : value);
    });
  }

  /** {@code \t} and {@code \n} typed on a command line mean tab and newline, as in the docker CLI. */
  private static String unescape(String template) {
    return template.replace("\\t", "\t").replace("\\n", "\n");
  }

  private static String lines(List<String> lines) {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) sb.append(l).append('\n');
    return sb.toString();
  }

  /** One object, keys sorted as Go's encoding/json sorts a map. */
  public static String json(Map<String, String> row) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, String> e : new TreeMap<>(row).entrySet()) {
      if (sb.length() > 1) sb.append(',');
      sb.append(quote(e.getKey())).append(':').append(quote(e.getValue()));
    }
    return sb.append('}').toString();
  }

  /** A JSON string literal. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&') sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    return sb.append('"').toString();
  }
}
