package dev.berth.stack;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Compose's variable interpolation in values: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}} (unset or
 * empty), {@code ${VAR-default}} (unset), {@code ${VAR:?message}} / {@code ${VAR?message}} (an error when
 * unset, or empty for the {@code :} form), {@code ${VAR:+other}} / {@code ${VAR+other}} (other when set), and
 * {@code $$} for a literal {@code $}. Defaults may themselves hold variables. An unset variable with no default
 * becomes the empty string with a warning, as in Compose.
 */
final class Interpolator {
  private final Map<String, String> environment;
  private final Consumer<String> warnings;

  Interpolator(Map<String, String> environment, Consumer<String> warnings) {
    this.environment = Map.copyOf(environment);
    this.warnings = warnings;
  }

  /** Thrown for a malformed expression or a {@code ?} variable that is missing; the message says which. */
  static final class InterpolationException extends RuntimeException {
    InterpolationException(String message) {
      super(message, null, false, false);
    }
  }

  String interpolate(String text) {
    if (text.indexOf('$') < 0) return text;
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
      } else {
        i = dollar(text, i, out);
      }
    }
    return out.toString();
  }

  /** Handles the {@code $} at {@code at}; returns the index after what it consumed. */
  private int dollar(String text, int at, StringBuilder out) {
    if (at + 1 >= text.length()) throw invalid(text);
    char next = text.charAt(at + 1);
    if (next == '$') {
      out.append('$');
      return at + 2;
    }
    if (next == '{') {
      int end = closingBrace(text, at + 2);
      out.append(braced(text.substring(at + 2, end), text));
      return end + 1;
    }
    int end = at + 1;
    while (end < text.length() && isNameChar(text.charAt(end), end == at + 1)) end++;
    if (end == at + 1) throw invalid(text);
    out.append(lookup(text.substring(at + 1, end), ""));
    return end;
  }

  private static int closingBrace(String text, int from) {
    int depth = 1;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        depth++;
        i++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    throw invalid(text);
  }

  private String braced(String expression, String whole) {
    int nameEnd = 0;
    while (nameEnd < expression.length() && isNameChar(expression.charAt(nameEnd), nameEnd == 0)) nameEnd++;
    if (nameEnd == 0) throw invalid(whole);
    String name = expression.substring(0, nameEnd);
    String rest = expression.substring(nameEnd);
    if (rest.isEmpty()) return lookup(name, "");
    boolean colon = rest.startsWith(":");
    String op = colon ? rest.substring(0, Math.min(2, rest.length())) : rest.substring(0, 1);
    String arg = rest.substring(op.length());
    String value = environment.get(name);
    boolean missing = value == null || (colon && value.isEmpty());
    return switch (op) {
      case ":-", "-" -> missing ? interpolate(arg) : value;
      case ":+", "+" -> missing ? "" : interpolate(arg);
      case ":?", "?" -> {
        if (missing) {
          String why = arg.isEmpty() ? "is not set" : interpolate(arg);
          throw new InterpolationException("required variable " + name + " is missing a value: " + why);
        }
        yield value;
      }
      default -> throw invalid(whole);
    };
  }

  private String lookup(String name, String fallback) {
    String value = environment.get(name);
    if (value != null) return value;
    warnings.accept("The \"" + name + "\" variable is not set. Defaulting to a blank string.");
    return fallback;
  }

  private static boolean isNameChar(char c, boolean first) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
  }

  private static InterpolationException invalid(String text) {
    return new InterpolationException(
        "invalid interpolation format in \"" + text + "\" (write $$ for a literal $)");
  }
}
