package dev.berth.build.dockerfile;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The shell patterns of {@code ${v#p}}, {@code ${v%p}} and {@code ${v/p/r}}: {@code *} any string, {@code ?}
 * one character, a backslash quoting the next one; no bracket expressions (as BuildKit).
 */
final class ShellPatterns {
  private ShellPatterns() {}

  static Pattern toRegex(String pattern, boolean greedy, boolean anchored) {
    StringBuilder out = new StringBuilder(anchored ? "^" : "");
    int[] cps = pattern.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      switch (c) {
        case '*' -> out.append(greedy ? ".*" : ".*?");
        case '?' -> out.append('.');
        case '\\' -> {
          if (i + 1 < cps.length && (cps[i + 1] == '}' || cps[i + 1] == '/')) continue;
          int quoted = i + 1 < cps.length ? cps[++i] : -1;
          if (quoted != '*' && quoted != '?' && quoted != '\\') {
            throw new Lexer.LexException("invalid pattern (" + pattern + ") in substitution: invalid escape '\\"
                + (quoted < 0 ? "" : Character.toString(quoted)) + "'");
          }
          out.append('\\').appendCodePoint(quoted);
        }
        default -> {
          if ("[]{}.+()|^$".indexOf(c) >= 0) out.append('\\');
          out.appendCodePoint(c);
        }
      }
    }
    try {
      return Pattern.compile(out.toString());
    } catch (PatternSyntaxException e) {
      throw new Lexer.LexException("invalid pattern (" + pattern + ") in substitution: " + e.getDescription());
    }
  }

  /** {@code ${v#p}} (shortest) and {@code ${v##p}} (longest). */
  static String trimPrefix(String pattern, String value, boolean greedy) {
    Matcher m = toRegex(pattern, greedy, true).matcher(value);
    return m.find() ? value.substring(m.end()) : value;
  }

  /** {@code ${v%p}} and {@code ${v%%p}}: a prefix trim of the reversed value with the reversed pattern. */
  static String trimSuffix(String pattern, String value, boolean greedy) {
    String trimmed = trimPrefix(reversePattern(pattern), reverse(value), greedy);
    return reverse(trimmed);
  }

  /** {@code ${v/p/r}} (first match) and {@code ${v//p/r}} (every match); the replacement is literal. */
  static String replace(String value, String pattern, String replacement, boolean all) {
    Matcher m = toRegex(pattern, true, false).matcher(value);
    String literal = Matcher.quoteReplacement(replacement);
    return all ? m.replaceAll(literal) : m.replaceFirst(literal);
  }

  private static String reverse(String s) {
    return new StringBuilder(s).reverse().toString();
  }

  /** Reverses a pattern but keeps each escape before the character it quotes. */
  private static String reversePattern(String pattern) {
    int[] in = pattern.codePoints().toArray();
    int[] out = new int[in.length];
    int last = in.length - 1;
    for (int i = 0; i <= last; ) {
      int o = last - i;
      if (in[i] == '\\' && i != last) {
        out[o - 1] = in[i];
        out[o] = in[i + 1];
        i += 2;
      } else {
        out[o] = in[i];
        i++;
      }
    }
    return new String(out, 0, out.length);
  }
}
