package dev.berth.cli;

import dev.berth.cli.format.Rows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --filter key=value} flags, turned into the API's {@code filters} JSON: {"key":["value",…]}. */
public final class Filters {
  private Filters() {}

  public static Map<String, List<String>> parse(List<String> flags) {
    Map<String, List<String>> filters = new LinkedHashMap<>();
    if (flags == null) return filters;
    for (String flag : flags) {
      int eq = flag.indexOf('=');
      if (eq <= 0) throw new CliException("bad format of filter (expected name=value): \"" + flag + "\"");
      filters.computeIfAbsent(flag.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
          .add(flag.substring(eq + 1));
    }
    return filters;
  }

  /** The query value, or null when there are no filters (so the parameter is left out). */
  public static String toJson(Map<String, List<String>> filters) {
    if (filters.isEmpty()) return null;
    StringBuilder sb = new StringBuilder("{");
    filters.forEach((key, values) -> {
      if (sb.length() > 1) sb.append(',');
      sb.append(Rows.quote(key)).append(":[");
      sb.append(String.join(",", values.stream().map(Rows::quote).toList()));
      sb.append(']');
    });
    return sb.append('}').toString();
  }
}
