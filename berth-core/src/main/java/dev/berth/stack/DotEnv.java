package dev.berth.stack;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The {@code KEY=VALUE} format of Compose's {@code .env} file and of {@code env_file}: blank lines and
 * {@code #} comments are skipped, an {@code export } prefix is allowed, a value may be single-quoted (taken as
 * is), double-quoted ({@code \n}, {@code \t}, {@code \"} and {@code \\} escapes) or bare (trimmed, a
 * {@code " #"} starts a comment). Bare and double-quoted values are interpolated with the variables known so far.
 * A bare {@code KEY} line takes the variable from the environment, and is left out when it is unset there.
 */
final class DotEnv {
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

  private DotEnv() {}

  /** Thrown with the 1-based line of the first malformed line. */
  static final class DotEnvException extends RuntimeException {
    final int line;

    DotEnvException(int line, String message) {
      super(message, null, false, false);
      this.line = line;
    }
  }

  /**
   * Parses {@code text}; {@code environment} resolves bare keys and variables in values (it wins over the
   * file's own earlier entries, as the caller's environment wins over {@code .env}).
   */
  static Map<String, String> parse(String text, Map<String, String> environment, Consumer<String> warnings) {
    Map<String, String> entries = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      if (line.startsWith("export ")) line = line.substring("export ".length()).strip();
      int eq = line.indexOf('=');
      String key = (eq < 0 ? line : line.substring(0, eq)).strip();
      if (!KEY.matcher(key).matches()) throw new DotEnvException(n + 1, "invalid variable name '" + key + "'");
      if (eq < 0) {
        String inherited = environment.get(key);
        if (inherited != null) entries.put(key, inherited);
        continue;
      }
      Map<String, String> known = new HashMap<>(entries);
      known.putAll(environment);
      entries.put(key, value(line.substring(eq + 1).strip(), n + 1, new Interpolator(known, warnings)));
    }
    return entries;
  }

  private static String value(String raw, int line, Interpolator interpolator) {
    if (raw.startsWith("'")) {
      int end = raw.indexOf('\'', 1);
      if (end < 0) throw new DotEnvException(line, "unclosed single quote");
      return raw.substring(1, end);
    }
    try {
      if (raw.startsWith("\"")) return interpolator.interpolate(doubleQuoted(raw, line));
      int comment = raw.indexOf(" #");
      return interpolator.interpolate((comment < 0 ? raw : raw.substring(0, comment)).strip());
    } catch (Interpolator.InterpolationException e) {
      throw new DotEnvException(line, e.getMessage());
    }
  }

  private static String doubleQuoted(String raw, int line) {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '"') return out.toString();
      if (c == '\\' && i + 1 < raw.length()) {
        char e = raw.charAt(++i);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case '"', '\\' -> out.append(e);
          default -> out.append('\\').append(e);
        }
      } else {
        out.append(c);
      }
    }
    throw new DotEnvException(line, "unclosed double quote");
  }
}
