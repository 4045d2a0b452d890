package dev.berth.engine.network;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.network.Network;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's {@code network ls} and {@code network prune} filters: {@code name} (substring), {@code id} (prefix),
 * {@code driver}, {@code label} ({@code key} or {@code key=value}), {@code type} ({@code custom} or
 * {@code builtin}). Values of one key are alternatives; different keys must all match.
 */
final class NetworkFilters {
  private static final Set<String> KEYS = Set.of("name", "id", "driver", "label", "type", "scope");

  private NetworkFilters() {}

  static boolean matches(Network n, Map<String, List<String>> filters) {
    if (filters == null) return true;
    for (var e : filters.entrySet()) {
      if (!KEYS.contains(e.getKey())) throw new InvalidArgumentException("invalid filter '" + e.getKey() + "'");
      if (e.getValue().isEmpty()) continue;
      if (e.getValue().stream().noneMatch(v -> one(n, e.getKey(), v))) return false;
    }
    return true;
  }

  private static boolean one(Network n, String key, String v) {
    return switch (key) {
      case "name" -> n.name().contains(v);
      case "id" -> n.id().startsWith(v);
      case "driver" -> v.equals(n.driver() == null ? "null" : n.driver());
      case "scope" -> v.equals("local");
      case "type" -> switch (v) {
        case "custom" -> !n.predefined();
        case "builtin" -> n.predefined();
        default -> throw new InvalidArgumentException("invalid filter: 'type'='" + v + "'");
      };
      default -> label(n, v);
    };
  }

  private static boolean label(Network n, String v) {
    int eq = v.indexOf('=');
    if (eq < 0) return n.labels().containsKey(v);
    return v.substring(eq + 1).equals(n.labels().get(v.substring(0, eq)));
  }
}
