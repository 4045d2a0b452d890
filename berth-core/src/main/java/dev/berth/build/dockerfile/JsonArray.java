package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON form of an instruction ({@code ["echo", "hi"]}) with the strictness of Go's
 * {@code encoding/json}: text that is not valid JSON is not the JSON form (the instruction falls back to the
 * shell form, as BuildKit does), but a valid array holding anything other than strings is an error.
 */
final class JsonArray {
  /** A valid JSON array with an element that is not a string. */
  static final class NotStringArray extends RuntimeException {
    NotStringArray() {
      super("when using JSON array syntax, arrays must be comprised of strings only", null, false, false);
    }
  }

  private static final class Invalid extends RuntimeException {
    Invalid() {
      super(null, null, false, false);
    }
  }

  private static final Object NOT_STRING = new Object();

  private final String s;
  private int pos;

  private JsonArray(String s) {
    this.s = s;
  }

  /** The strings of the array, or null when {@code text} is not a JSON array. Throws NotStringArray. */
  static List<String> parse(String text) {
    String rest = Chars.trimLeft(text);
    if (!rest.startsWith("[")) return null;
    JsonArray p = new JsonArray(rest);
    List<Object> items;
    try {
      p.skipSpace();
      items = p.array();
      p.skipSpace();
      if (p.pos != rest.length()) return null;
    } catch (Invalid | StringIndexOutOfBoundsException e) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Object item : items) {
      if (!(item instanceof String str)) throw new NotStringArray();
      out.add(str);
    }
    return out;
  }

  private void skipSpace() {
    while (pos < s.length() && " \t\n\r".indexOf(s.charAt(pos)) >= 0) pos++;
  }

  private char peek() {
    if (pos >= s.length()) throw new Invalid();
    return s.charAt(pos);
  }

  private void expect(char c) {
    if (peek() != c) throw new Invalid();
    pos++;
  }

  private Object value() {
    skipSpace();
    char c = peek();
    Object v = switch (c) {
      case '[' -> {
        array();
        yield NOT_STRING;
      }
      case '{' -> object();
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> number();
    };
    skipSpace();
    return v;
  }

  private List<Object> array() {
    expect('[');
    List<Object> items = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return items;
    }
    while (true) {
      items.add(value());
      char c = peek();
      pos++;
      if (c == ']') return items;
      if (c != ',') throw new Invalid();
    }
  }

  private Object object() {
    expect('{');
    skipSpace();
    if (peek() == '}') {
      pos++;
      return NOT_STRING;
    }
    while (true) {
      skipSpace();
      string();
      skipSpace();
      expect(':');
      value();
      char c = peek();
      pos++;
      if (c == '}') return NOT_STRING;
      if (c != ',') throw new Invalid();
    }
  }

  private Object literal(String word) {
    if (!s.startsWith(word, pos)) throw new Invalid();
    pos += word.length();
    return NOT_STRING;
  }

  private Object number() {
    int start = pos;
    if (peek() == '-') pos++;
    if (peek() == '0') {
      pos++;
    } else {
      digits();
    }
    if (pos < s.length() && s.charAt(pos) == '.') {
      pos++;
      digits();
    }
    if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      pos++;
      if (peek() == '+' || peek() == '-') pos++;
      digits();
    }
    if (pos == start) throw new Invalid();
    return NOT_STRING;
  }

  private void digits() {
    int start = pos;
    while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') pos++;
    if (pos == start) throw new Invalid();
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = peek();
      pos++;
      if (c == '"') return out.toString();
      if (c < 0x20) throw new Invalid();
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = peek();
      pos++;
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(unicodeEscape());
        default -> throw new Invalid();
      }
    }
  }

  /** A {@code \\uXXXX} escape; a surrogate pair becomes one character, a lone surrogate U+FFFD (as Go). */
  private String unicodeEscape() {
    char high = hex4();
    if (!Character.isSurrogate(high)) return String.valueOf(high);
    if (Character.isHighSurrogate(high) && s.startsWith("\\u", pos)) {
      int save = pos;
      pos += 2;
      char low = hex4();
      if (Character.isLowSurrogate(low)) return new String(new char[] {high, low});
      pos = save;
    }
    return "\uFFFD";
  }

  private char hex4() {
    if (pos + 4 > s.length()) throw new Invalid();
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(s.charAt(pos + i), 16);
      if (d < 0) throw new Invalid();
      v = v * 16 + d;
    }
    pos += 4;
    return (char) v;
  }
}
