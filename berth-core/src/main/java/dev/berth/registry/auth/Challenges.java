package dev.berth.registry.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code WWW-Authenticate} values. A header may hold several challenges, and a response several
 * headers; unknown schemes are skipped, and Bearer is preferred over Basic as Docker prefers it.
 */
public final class Challenges {
  private Challenges() {}

  /** The challenges of all the header values, Bearer ones first; empty when none is understood. */
  public static List<Challenge> parse(List<String> headerValues) {
    List<Challenge> bearer = new ArrayList<>();
    List<Challenge> basic = new ArrayList<>();
    for (String value : headerValues) {
      for (Raw raw : split(value)) {
        switch (raw.scheme().toLowerCase(Locale.ROOT)) {
          case "bearer" -> {
            String realm = raw.params().get("realm");
            if (realm != null) bearer.add(new Challenge.Bearer(realm, raw.params().get("service"), raw.params().get("scope")));
          }
          case "basic" -> basic.add(new Challenge.Basic(raw.params().get("realm")));
          default -> { /* an unknown scheme: skipped */ }
        }
      }
    }
    bearer.addAll(basic);
    return List.copyOf(bearer);
  }

  private record Raw(String scheme, Map<String, String> params) {}

  /** Splits {@code Scheme k="v", k2=v2, Other k="v"} into challenges; quoted values may hold commas. */
  private static List<Raw> split(String header) {
    List<Raw> out = new ArrayList<>();
    Parser p = new Parser(header);
    while (p.skipSeparators()) {
      String token = p.token();
      if (token.isEmpty()) {
        p.pos++;
        continue;
      }
      p.skipSpaces();
      if (p.peek() == '=') {
        // a parameter of the current challenge
        p.pos++;
        p.skipSpaces();
        String value = p.value();
        if (!out.isEmpty()) out.getLast().params().put(token.toLowerCase(Locale.ROOT), value);
      } else {
        out.add(new Raw(token, new HashMap<>()));
      }
    }
    return out;
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s == null ? "" : s;
    }

    char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    boolean skipSeparators() {
      while (pos < s.length() && (s.charAt(pos) == ',' || Character.isWhitespace(s.charAt(pos)))) pos++;
      return pos < s.length();
    }

    void skipSpaces() {
      while (pos < s.length() && s.charAt(pos) == ' ') pos++;
    }

    String token() {
      int start = pos;
      while (pos < s.length() && "=, \t\"".indexOf(s.charAt(pos)) < 0) pos++;
      return s.substring(start, pos);
    }

    String value() {
      if (peek() != '"') return token();
      StringBuilder b = new StringBuilder();
      pos++;
      while (pos < s.length() && s.charAt(pos) != '"') {
        char c = s.charAt(pos++);
        if (c == '\\' && pos < s.length()) c = s.charAt(pos++);
        b.append(c);
      }
      pos++;
      return b.toString();
    }
  }
}
