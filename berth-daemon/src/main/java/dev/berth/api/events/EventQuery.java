package dev.berth.api.events;

import dev.berth.api.Filters;
import dev.berth.api.Request;
import dev.berth.engine.events.Event;
import dev.berth.errors.InvalidArgumentException;
import java.util.List;
import java.util.Set;

/**
 * What a client asked of {@code /events}: the window (nanoseconds; -1 for none) and the filters. Filter
 * semantics follow dockerd: values of one filter are alternatives, different filters must all match;
 * {@code image} matches the image ID, its ID prefix, or a name with or without its tag.
 *
 * @param sinceNano replay kept events from this time on; -1 streams only new ones
 * @param untilNano stop at this time; -1 streams until the client leaves
 */
record EventQuery(long sinceNano, long untilNano, Filters filters) {
  static final Set<String> KNOWN = Set.of(
      "config", "container", "daemon", "event", "image", "label", "network", "node", "plugin", "scope", "secret", "service", "type", "volume");

  static EventQuery of(Request req) {
    long since = req.param("since") == null || req.param("since").isEmpty() ? -1 : EventTime.parseNanos("since", req.param("since"));
    long until = req.param("until") == null || req.param("until").isEmpty() ? -1 : EventTime.parseNanos("until", req.param("until"));
    if (since >= 0 && until >= 0 && until < since) {
      throw new InvalidArgumentException("invalid events window: until (" + req.param("until") + ") is before since (" + req.param("since") + ")");
    }
    return new EventQuery(since, until, req.filters().allowOnly(KNOWN));
  }

  /** Where replay starts: at since; with only until, from the oldest kept event (as dockerd does); else none. */
  long replayFromNano() {
    if (sinceNano >= 0) return sinceNano;
    return untilNano >= 0 ? 0 : -1;
  }

  boolean matches(Event e) {
    if (untilNano >= 0 && e.timeNano() > untilNano) return false;
    if (!anyOf("type", e.type())) return false;
    if (!actionMatches(e.action())) return false;
    if (!filters.get("scope").isEmpty() && !filters.get("scope").contains("local")) return false;
    if (filters.has("image") && !imageMatches(e)) return false;
    if (filters.has("container") && !(e.type().equals("container") && idOrName(filters.get("container"), e.actorId(), e.attributes().get("name")))) return false;
    return filters.labelsMatch(e.attributes());
  }

  private boolean anyOf(String key, String value) {
    List<String> wanted = filters.get(key);
    return wanted.isEmpty() || wanted.contains(value);
  }

  private boolean actionMatches(String action) {
    List<String> wanted = filters.get("event");
    if (wanted.isEmpty()) return true;
    for (String w : wanted) {
      if (action.equals(w) || action.startsWith(w + ":")) return true;
    }
    return false;
  }

  private boolean imageMatches(Event e) {
    String name = e.type().equals("image") ? e.attributes().get("name") : e.attributes().get("image");
    String id = e.type().equals("image") ? e.actorId() : null;
    return idOrName(filters.get("image"), id, name);
  }

  /** An ID or ID prefix matches the actor ID; a name matches with its tag, or without when the filter has none. */
  private static boolean idOrName(List<String> wanted, String id, String name) {
    for (String w : wanted) {
      String hex = stripAlgo(w);
      if (id != null && !hex.isEmpty() && isHex(hex) && stripAlgo(id).startsWith(hex)) return true;
      if (name != null && (name.equals(w) || (withoutTag(w).equals(w) && withoutTag(name).equals(w)))) return true;
    }
    return false;
  }

  private static String stripAlgo(String s) {
    return s.startsWith("sha256:") ? s.substring(7) : s;
  }

  private static boolean isHex(String s) {
    return s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  private static String withoutTag(String name) {
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    return colon > slash ? name.substring(0, colon) : name;
  }
}
