package dev.berth.build.dockerfile;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parser directives ({@code # escape=`}, {@code # syntax=…}, {@code # check=…}) at the top of a Dockerfile.
 * They end at the first line that is not one: an instruction, a blank line, or any other comment. Each may be
 * given once; {@code check} is accepted and ignored.
 */
final class Directives {
  private static final Pattern DIRECTIVE = Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*(.+?)[\\t\\n\\f\\r ]*\\z");
  private static final Set<String> KNOWN = Set.of("syntax", "escape", "check");

  private final Set<String> seen = new HashSet<>();
  private boolean done;
  private int escape = '\\';
  private String syntax;

  /** Reads one line (newline and leading white space removed); true if it was a directive. */
  boolean accept(String line) {
    if (done) return false;
    if (!line.startsWith("#")) {
      done = true;
      return false;
    }
    Matcher m = DIRECTIVE.matcher(Chars.trimLeft(line.substring(1)));
    if (!m.find()) {
      done = true;
      return false;
    }
    String key = m.group(1).toLowerCase(Locale.ROOT);
    if (!KNOWN.contains(key)) {
      done = true;
      return false;
    }
    if (!seen.add(key)) throw new LineParsers.SyntaxError("only one " + key + " parser directive can be used");
    String value = m.group(2);
    switch (key) {
      case "escape" -> {
        if (!value.equals("`") && !value.equals("\\")) {
          throw new LineParsers.SyntaxError("invalid escape token '" + value + "' does not match ` or \\");
        }
        escape = value.charAt(0);
      }
      case "syntax" -> syntax = value;
      default -> { }
    }
    return true;
  }

  int escape() {
    return escape;
  }

  String syntax() {
    return syntax;
  }
}
