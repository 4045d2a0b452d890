package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --name=value} flags of one instruction, checked against the ones it takes: an unknown flag, a
 * missing value, a bad boolean or a repeated single-valued flag is a {@link DockerfileException} that points at
 * the flag.
 */
final class Flags {
  /** How a flag takes its value. */
  enum Kind {
    /** {@code --from=x}: one value, required. */
    STRING,
    /** {@code --link} or {@code --link=true|false}. */
    BOOL,
    /** {@code --mount=…}: may be repeated. */
    LIST
  }

  private final Map<String, List<String>> values = new HashMap<>();

  private Flags() {}

  /** Reads {@code node}'s flags; {@code allowed} maps each flag name (without {@code --}) to its kind. */
  static Flags parse(Node node, Location at, Map<String, Kind> allowed) {
    Flags flags = new Flags();
    String instruction = node.keyword().toUpperCase(Locale.ROOT);
    for (String raw : node.flags()) {
      Location where = Instructions.columnOf(node, at, raw);
      if (!raw.startsWith("--") || raw.equals("--")) {
        throw new DockerfileException(where, "bad flag " + GoQuote.quote(raw) + ": expected --name=value");
      }
      int eq = raw.indexOf('=');
      String name = eq < 0 ? raw.substring(2) : raw.substring(2, eq);
      String value = eq < 0 ? null : raw.substring(eq + 1);
      Kind kind = allowed.get(name.toLowerCase(Locale.ROOT));
      if (kind == null) {
        throw new DockerfileException(where, "unknown flag: --" + name + " (" + instruction + " takes " + describe(allowed) + ")");
      }
      String key = name.toLowerCase(Locale.ROOT);
      flags.values.computeIfAbsent(key, k -> new ArrayList<>()).add(checked(kind, key, value, where));
      if (kind != Kind.LIST && flags.values.get(key).size() > 1) {
        throw new DockerfileException(where, "duplicate flag specified: --" + key + " (" + instruction + " takes it once)");
      }
    }
    return flags;
  }

  private static String checked(Kind kind, String name, String value, Location where) {
    return switch (kind) {
      case BOOL -> {
        if (value == null) yield "true";
        String v = value.toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
          throw new DockerfileException(where, "bad value for --" + name + ": expected true or false, found " + GoQuote.quote(value));
        }
        yield v;
      }
      case STRING, LIST -> {
        if (value == null) throw new DockerfileException(where, "missing a value on flag --" + name + ": expected --" + name + "=VALUE");
        yield value;
      }
    };
  }

  private static String describe(Map<String, Kind> allowed) {
    if (allowed.isEmpty()) return "no flags";
    List<String> names = new ArrayList<>(allowed.keySet());
    names.replaceAll(n -> "--" + n);
    return String.join(", ", names);
  }

  /** The value of a single-valued flag, or null when absent. */
  String string(String name) {
    List<String> v = values.get(name);
    return v == null ? null : v.getFirst();
  }

  boolean bool(String name) {
    return "true".equals(string(name));
  }

  List<String> list(String name) {
    return List.copyOf(values.getOrDefault(name, List.of()));
  }

  /** An ordered map of flags, for the allowed sets of the instructions. */
  static Map<String, Kind> allowed(Object... nameKind) {
    Map<String, Kind> m = new LinkedHashMap<>();
    for (int i = 0; i < nameKind.length; i += 2) m.put((String) nameKind[i], (Kind) nameKind[i + 1]);
    return m;
  }
}
