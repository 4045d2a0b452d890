package dev.berth.build.context;

import java.util.regex.Pattern;

/**
 * Go's {@code filepath.Match} syntax compiled to a {@link Pattern}: {@code *} is any run of characters but
 * {@code /}, {@code ?} one character but {@code /}, {@code [a-z]} and {@code [^a-z]} classes, {@code \}
 * escapes the next character. With {@code doubleStar} (.dockerignore's extension, as moby's patternmatcher
 * has it) {@code **} is any number of directories: {@code **}{@code /} may match nothing, a trailing
 * {@code **} matches everything below. A malformed pattern is an IllegalArgumentException saying why.
 */
final class Glob {
  private Glob() {}

  /** Whether a name has an unescaped {@code * ? [}, i.e. must be matched rather than looked up (Docker's rule). */
  static boolean hasWildcards(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '*' || c == '?' || c == '[') {
        return true;
      }
    }
    return false;
  }

  static Pattern compile(String glob, boolean doubleStar) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    int n = glob.length();
    while (i < n) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> {
          if (doubleStar && i + 1 < n && glob.charAt(i + 1) == '*') {
            i += 2;
            if (i < n && glob.charAt(i) == '/') i++;
            re.append(i >= n ? ".*" : "(?:.*/)?");
            continue;
          }
          re.append("[^/]*");
        }
        case '?' -> re.append("[^/]");
        case '\\' -> {
          if (i + 1 >= n) throw new IllegalArgumentException("a trailing \\ escapes nothing");
          i++;
          literal(re, glob.charAt(i));
        }
        case '[' -> i = charClass(glob, i + 1, re) - 1;
        default -> {
          int cp = glob.codePointAt(i);
          literal(re, cp);
          i += Character.charCount(cp) - 1;
        }
      }
      i++;
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  /** Translates the class starting after {@code [} at {@code i}; returns the index after its {@code ]}. */
  private static int charClass(String glob, int i, StringBuilder re) {
    int n = glob.length();
    re.append('[');
    if (i < n && glob.charAt(i) == '^') {
      re.append('^');
      i++;
    }
    int ranges = 0;
    while (true) {
      if (i >= n) throw new IllegalArgumentException("a [ is not closed");
      if (glob.charAt(i) == ']' && ranges > 0) break;
      int[] lo = escapedChar(glob, i);
      i = lo[1];
      int hi = lo[0];
      if (i < n && glob.charAt(i) == '-') {
        int[] h = escapedChar(glob, i + 1);
        hi = h[0];
        i = h[1];
        if (hi < lo[0]) throw new IllegalArgumentException("the range " + (char) lo[0] + "-" + (char) hi + " is reversed");
      }
      re.append(hex(lo[0])).append('-').append(hex(hi));
      ranges++;
    }
    re.append(']');
    return i + 1;
  }

  /** One character of a class, {@code \}-escapes resolved, as {char, next index} (Go's getEsc). */
  private static int[] escapedChar(String glob, int i) {
    int n = glob.length();
    if (i >= n) throw new IllegalArgumentException("a [ is not closed");
    char c = glob.charAt(i);
    if (c == '-' || c == ']') throw new IllegalArgumentException("a class has a misplaced '" + c + "'");
    if (c == '\\') {
      i++;
      if (i >= n) throw new IllegalArgumentException("a [ is not closed");
      c = glob.charAt(i);
    }
    return new int[] {c, i + 1};
  }

  private static void literal(StringBuilder re, int c) {
    if (c < 128 && Character.isLetterOrDigit(c)) {
      re.append((char) c);
    } else {
      re.append(hex(c));
    }
  }

  private static String hex(int c) {
    return "\\x{" + Integer.toHexString(c) + "}";
  }
}
