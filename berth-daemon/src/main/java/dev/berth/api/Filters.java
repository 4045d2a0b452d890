package dev.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's {@code filters} query parameter: a JSON map of filter name to values, either
 * {@code {"dangling":["true"]}} or the older {@code {"dangling":{"true":true}}}.
 */
public record Filters(Map<String, List<String>> values) {
  public static final Filters NONE = new Filters(Map.of());

  public Filters {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    values = Map.copyOf(copy);
  }

  public static Filters parse(String json) {
    if (json == null || json.isBlank()) return NONE;
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new InvalidArgumentException("invalid filter '" + json + "': not JSON", e);
    }
    if (root == null || !root.isObject()) throw new InvalidArgumentException("invalid filter '" + json + "': not a JSON object");
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (var field : root.properties()) {
      out.put(field.getKey(), valuesOf(json, field.getKey(), field.getValue()));
    }
    return new Filters(out);
  }

  private static List<String> valuesOf(String json, String key, JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode v : node) {
        if (!v.isTextual()) throw new InvalidArgumentException("invalid filter '" + key + "' in " + json + ": values must be strings");
        values.add(v.asText());
      }
    } else if (node.isObject()) {
      for (var e : node.properties()) {
        if (e.getValue().asBoolean()) values.add(e.getKey());
      }
    } else {
      throw new InvalidArgumentException("invalid filter '" + key + "' in " + json + ": expected a list or a map");
    }
    return values;
  }

  public List<String> get(String key) {
    return values.getOrDefault(key, List.of());
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** 400 for a filter this endpoint does not know, as dockerd answers "invalid filter 'x'". */
  public Filters allowOnly(Set<String> known) {
    for (String key : values.keySet()) {
      if (!known.contains(key)) throw new InvalidArgumentException("invalid filter '" + key + "'");
    }
    return this;
  }

  /** A boolean filter such as dangling=true; 400 when the value is not a boolean. */
  public Boolean bool(String key) {
    List<String> v = get(key);
    if (v.isEmpty()) return null;
    String last = v.getLast().toLowerCase();
    return switch (last) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new InvalidArgumentException("invalid filter '" + key + "=" + v.getLast() + "': expected true or false");
    };
  }

  /** Whether labels satisfy every {@code label=key} or {@code label=key=value} filter. */
  public boolean labelsMatch(Map<String, String> labels) {
    for (String want : get("label")) {
      int eq = want.indexOf('=');
      String key = eq < 0 ? want : want.substring(0, eq);
      if (labels == null || !labels.containsKey(key)) return false;
      if (eq >= 0 && !want.substring(eq + 1).equals(labels.get(key))) return false;
    }
    return true;
  }
}
