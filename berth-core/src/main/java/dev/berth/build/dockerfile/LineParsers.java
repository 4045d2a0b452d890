package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-instruction argument readers of BuildKit's parser: each takes the text after the keyword and its
 * flags, and gives the arguments as the syntax tree holds them (no expansion, quotes kept except in JSON).
 */
final class LineParsers {
  private LineParsers() {}

  /** The arguments of one instruction; {@code next} is ONBUILD's nested instruction. */
  record Args(List<String> args, boolean json, Node next) {
    static final Args NONE = new Args(List.of(), false, null);

    Args {
      args = List.copyOf(args);
    }

    static Args of(List<String> args) {
      return new Args(args, false, null);
    }
  }

  /** A syntax error in an instruction's arguments; the tree parser adds the location. */
  static final class SyntaxError extends RuntimeException {
    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  /** Reads the arguments of {@code keyword} (lower case); {@code nested} parses ONBUILD's instruction. */
  static Args parse(String keyword, String rest, int escape, java.util.function.Function<String, Node> nested) {
    return switch (keyword) {
      case "add", "copy", "volume" -> maybeJsonToList(rest);
      case "arg" -> Args.of(words(rest, escape));
      case "cmd", "entrypoint", "run", "shell" -> maybeJson(rest);
      case "env" -> nameVal(rest, "ENV", escape);
      case "label" -> nameVal(rest, "LABEL", escape);
      case "expose", "from" -> whitespaceDelimited(rest);
      case "healthcheck" -> health(rest);
      case "maintainer", "stopsignal", "user", "workdir" -> rest.isEmpty() ? Args.NONE : Args.of(List.of(rest));
      case "onbuild" -> rest.isEmpty() ? Args.NONE : new Args(List.of(), false, nested.apply(rest));
      default -> Args.of(List.of(""));
    };
  }

  /** Words split on unquoted white space, quotes and escapes kept (BuildKit's parseWords). */
  static List<String> words(String rest, int escape) {
    List<String> words = new ArrayList<>();
    int[] cps = rest.codePoints().toArray();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean blankOk = false;
    int quote = 0;
    for (int i = 0; i < cps.length; i++) {
      int ch = cps[i];
      if (!inWord && quote == 0) {
        if (Chars.isSpace(ch)) continue;
        inWord = true;
      }
      if (quote == 0) {
        if (Chars.isSpace(ch)) {
          if (blankOk || !word.isEmpty()) words.add(word.toString());
          word.setLength(0);
          blankOk = false;
          inWord = false;
          continue;
        }
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blankOk = true;
        } else if (ch == escape) {
          if (i + 1 == cps.length) continue;
          word.appendCodePoint(ch);
          ch = cps[++i];
        }
        word.appendCodePoint(ch);
        continue;
      }
      if (ch == quote) quote = 0;
      if (ch == escape && quote != '\'' && quote != 0) {
        if (i + 1 == cps.length) {
          quote = 0;
          continue;
        }
        word.appendCodePoint(ch);
        ch = cps[++i];
      }
      word.appendCodePoint(ch);
    }
    if ((inWord || quote != 0) && (blankOk || !word.isEmpty())) words.add(word.toString());
    return words;
  }

  /** ENV and LABEL: {@code key value} (legacy) or {@code k=v …}, as key, value, separator triples. */
  static Args nameVal(String rest, String instruction, int escape) {
    List<String> words = words(rest, escape);
    if (words.isEmpty()) return Args.NONE;
    if (!words.getFirst().contains("=")) {
      List<String> parts = Chars.splitBlank(rest, 2);
      if (parts.size() < 2) throw new SyntaxError(instruction + " must have two arguments");
      return Args.of(List.of(parts.get(0), parts.get(1), ""));
    }
    List<String> triples = new ArrayList<>();
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq < 0) {
        throw new SyntaxError("Syntax error - can't find = in " + GoQuote.quote(word) + ". Must be of the form: name=value");
      }
      triples.add(word.substring(0, eq));
      triples.add(word.substring(eq + 1));
      triples.add("=");
    }
    return Args.of(triples);
  }

  static Args whitespaceDelimited(String rest) {
    return rest.isEmpty() ? Args.NONE : Args.of(Chars.splitBlank(rest, 0));
  }

  /** The JSON form if {@code rest} is a JSON array of strings, else the whole text as one argument. */
  static Args maybeJson(String rest) {
    if (rest.isEmpty()) return Args.NONE;
    List<String> json = json(rest);
    return json != null ? new Args(json, true, null) : Args.of(List.of(rest));
  }

  /** The JSON form, else the words split on white space (ADD, COPY, VOLUME). */
  static Args maybeJsonToList(String rest) {
    List<String> json = json(rest);
    return json != null ? new Args(json, true, null) : whitespaceDelimited(rest);
  }

  private static List<String> json(String rest) {
    try {
      return JsonArray.parse(rest);
    } catch (JsonArray.NotStringArray e) {
      throw new SyntaxError(e.getMessage());
    }
  }

  /** HEALTHCHECK: the type ({@code CMD}, {@code NONE}) then the command as {@link #maybeJson}. */
  static Args health(String rest) {
    int sep = 0;
    while (sep < rest.length() && !Chars.isSpace(rest.charAt(sep))) sep++;
    if (sep == 0) return Args.NONE;
    int next = sep;
    while (next < rest.length() && Chars.isSpace(rest.charAt(next))) next++;
    Args cmd = maybeJson(rest.substring(next));
    List<String> args = new ArrayList<>();
    args.add(rest.substring(0, sep));
    args.addAll(cmd.args());
    return new Args(args, cmd.json(), null);
  }
}
