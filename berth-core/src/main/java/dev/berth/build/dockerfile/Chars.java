package dev.berth.build.dockerfile;

/** Character classes as Go's {@code unicode} package defines them, so that words split where BuildKit's do. */
final class Chars {
  private Chars() {}

  /** Go's {@code unicode.IsSpace}: ASCII white space, NEL, NO-BREAK SPACE and the Unicode space separators. */
  static boolean isSpace(int ch) {
    return switch (ch) {
      case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
      default -> ch > 0xFF && Character.isSpaceChar(ch);
    };
  }

  /** The separators of BuildKit's {@code reWhitespace} ({@code [\t\v\f\r ]}). */
  static boolean isBlank(int ch) {
    return ch == '\t' || ch == 0x0B || ch == '\f' || ch == '\r' || ch == ' ';
  }

  /** Go's {@code strings.TrimSpace}. */
  static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.codePointAt(start))) start += Character.charCount(s.codePointAt(start));
    while (end > start && isSpace(s.codePointBefore(end))) end -= Character.charCount(s.codePointBefore(end));
    return s.substring(start, end);
  }

  /** Go's {@code strings.TrimLeftFunc(s, unicode.IsSpace)}. */
  static String trimLeft(String s) {
    int start = 0;
    while (start < s.length() && isSpace(s.codePointAt(start))) start += Character.charCount(s.codePointAt(start));
    return s.substring(start);
  }

  /** Splits on runs of {@link #isBlank} characters, at most {@code limit} parts (0: no limit), as Go's regexp Split. */
  static java.util.List<String> splitBlank(String s, int limit) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < s.length()) {
      if (limit > 0 && parts.size() == limit - 1) break;
      if (isBlank(s.charAt(i))) {
        int j = i;
        while (j < s.length() && isBlank(s.charAt(j))) j++;
        parts.add(s.substring(start, i));
        start = j;
        i = j;
      } else {
        i++;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }
}
