package dev.berth.build.dockerfile;

import java.util.List;

/**
 * Go's {@code strconv.Quote}, which BuildKit's dump uses: printable characters as they are, the C escapes
 * ({@code \n}, {@code \t}, …), {@code \xNN} for other control bytes, {@code \\uNNNN} or {@code \UNNNNNNNN}
 * for other non-printable characters.
 */
final class GoQuote {
  private GoQuote() {}

  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(c -> appendEscaped(out, c));
    return out.append('"').toString();
  }

  /** Go's {@code %q} of a {@code []string}: {@code ["a" "b"]}. */
  static String quoteList(List<String> items) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) out.append(' ');
      out.append(quote(items.get(i)));
    }
    return out.append(']').toString();
  }

  private static void appendEscaped(StringBuilder out, int c) {
    switch (c) {
      case '"' -> out.append("\\\"");
      case '\\' -> out.append("\\\\");
      case 0x07 -> out.append("\\a");
      case '\b' -> out.append("\\b");
      case '\f' -> out.append("\\f");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case 0x0B -> out.append("\\v");
      default -> {
        if (isPrint(c)) {
          out.appendCodePoint(c);
        } else if (c < ' ' || c == 0x7F) {
          out.append(String.format("\\x%02x", c));
        } else if (Character.isSurrogate((char) c) && c <= 0xFFFF) {
          out.append("\\ufffd");
        } else if (c < 0x10000) {
          out.append(String.format("\\u%04x", c));
        } else {
          out.append(String.format("\\U%08x", c));
        }
      }
    }
  }

  /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  private static boolean isPrint(int c) {
    if (c == ' ') return true;
    return switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
      default -> false;
    };
  }
}
