package dev.berth.engine.container;

import dev.berth.engine.ContainerView;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Digest;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.state.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Docker's {@code ps} filters as one predicate: values of one key are alternatives, different keys must all
 * match, and each {@code label} value must match. Keys: {@code id} (prefix), {@code name} (regular
 * expression, searched), {@code label} ({@code key} or {@code key=value}), {@code status}, {@code exited}
 * (exit code of an exited container), {@code ancestor} (image name or ID the container was made from),
 * {@code before}/{@code since} (containers created before/after the named one), {@code volume} (volume name
 * or mount destination). An unknown key or a malformed value is an InvalidArgumentException.
 */
final class ListFilters {
  private static final Set<String> KEYS =
      Set.of("id", "name", "label", "status", "exited", "ancestor", "before", "since", "volume", "health");

  private ListFilters() {}

  /**
   * @param lookup finds a container by reference (for before/since)
   * @param imageId resolves an image reference to its ID, empty when no such image exists
   */
  static Predicate<ContainerView> of(Map<String, List<String>> filters, Function<String, Container> lookup,
      Function<String, Optional<Digest>> imageId) {
    List<Predicate<ContainerView>> all = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : filters.entrySet()) {
      String key = e.getKey();
      List<String> values = e.getValue();
      if (!KEYS.contains(key)) {
        throw new InvalidArgumentException("invalid filter '" + key + "'");
      }
      if (values == null || values.isEmpty()) {
        continue;
      }
      if (key.equals("label")) {
        values.forEach(v -> all.add(v2 -> label(v2.container(), v)));
      } else {
        List<Predicate<ContainerView>> any = new ArrayList<>();
        for (String v : values) {
          any.add(one(key, v, lookup, imageId));
        }
        all.add(view -> any.stream().anyMatch(p -> p.test(view)));
      }
    }
    return view -> all.stream().allMatch(p -> p.test(view));
  }

  /** Whether the filters ask for containers in any state, as Docker's status, before and since do. */
  static boolean impliesAll(Map<String, List<String>> filters) {
    return filters.containsKey("status") || filters.containsKey("before") || filters.containsKey("since")
        || filters.containsKey("exited");
  }

  private static Predicate<ContainerView> one(String key, String value, Function<String, Container> lookup,
      Function<String, Optional<Digest>> imageId) {
    return switch (key) {
      case "id" -> v -> v.container().id().hex().startsWith(value);
      case "name" -> name(value);
      case "status" -> status(value);
      case "exited" -> exited(value);
      case "ancestor" -> ancestor(value, imageId);
      case "before" -> created(lookup.apply(value).created(), true);
      case "since" -> created(lookup.apply(value).created(), false);
      case "volume" -> v -> v.mounts().stream()
          .anyMatch(m -> value.equals(m.name()) || value.equals(m.destination()) || value.equals(m.source()));
      case "health" -> health(value);
      default -> throw new InvalidArgumentException("invalid filter '" + key + "'");
    };
  }

  private static Predicate<ContainerView> name(String value) {
    try {
      Pattern p = Pattern.compile(value);
      return v -> p.matcher(v.container().name()).find();
    } catch (PatternSyntaxException e) {
      throw new InvalidArgumentException("invalid filter 'name=" + value + "': " + e.getDescription());
    }
  }

  private static Predicate<ContainerView> status(String value) {
    Status wanted = null;
    for (Status s : Status.values()) {
      if (s.dockerName().equals(value)) {
        wanted = s;
      }
    }
    if (wanted == null) {
      throw new InvalidArgumentException("invalid filter 'status=" + value
          + "': expected created, restarting, running, removing, paused, exited or dead");
    }
    Status s = wanted;
    return v -> v.container().state().status() == s;
  }

  private static Predicate<ContainerView> exited(String value) {
    int code;
    try {
      code = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("invalid filter 'exited=" + value + "': not an exit code");
    }
    return v -> v.container().state().status() == Status.EXITED && v.container().state().exitCode() == code;
  }

  private static Predicate<ContainerView> ancestor(String value, Function<String, Optional<Digest>> imageId) {
    Optional<Digest> id = imageId.apply(value);
    return v -> value.equals(v.imageRef()) || id.map(d -> d.equals(v.container().imageId())).orElse(false);
  }

  private static Predicate<ContainerView> created(Instant reference, boolean before) {
    return v -> before ? v.container().created().isBefore(reference) : v.container().created().isAfter(reference);
  }

  private static Predicate<ContainerView> health(String value) {
    if (!Set.of("starting", "healthy", "unhealthy", "none").contains(value)) {
      throw new InvalidArgumentException("invalid filter 'health=" + value
          + "': expected starting, healthy, unhealthy or none");
    }
    return v -> v.health() == null ? value.equals("none") : v.health().status().equals(value);
  }

  private static boolean label(Container c, String filter) {
    int eq = filter.indexOf('=');
    Map<String, String> labels = c.config().basic().labels();
    if (eq < 0) {
      return labels.containsKey(filter);
    }
    return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
  }
}
