package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shell-like word processor behind {@link ShellWords} and heredoc detection, with BuildKit's semantics:
 * quotes are removed (kept with {@code rawQuotes}), the escape character keeps the next character literal (and
 * is kept too with {@code rawEscapes}), {@code $name} and {@code ${name…}} are replaced, and an unset variable
 * becomes "" (or stays as written with {@code skipUnset}, which the parser uses to read heredoc words).
 *
 * <p>Not thread-safe: one instance processes one text at a time.
 */
final class Lexer {
  private static final int EOF = -1;

  /** What one processing gives: the whole word, and the words split on unquoted whitespace. */
  record Result(String word, List<String> words) {}

  private final int escape;
  private final boolean rawQuotes;
  private final boolean skipUnset;
  private boolean rawEscapes;
  private int[] chars;
  private int pos;
  private Map<String, String> env;
  private final Set<String> referenced = new LinkedHashSet<>();

  Lexer(int escape, boolean rawQuotes, boolean rawEscapes, boolean skipUnset) {
    this.escape = escape;
    this.rawQuotes = rawQuotes;
    this.rawEscapes = rawEscapes;
    this.skipUnset = skipUnset;
  }

  /** Processes {@code text}; throws LexException on a syntax error (unterminated quote, bad substitution). */
  Result process(String text, Map<String, String> vars) {
    this.chars = text.codePoints().toArray();
    this.pos = 0;
    this.env = vars;
    this.referenced.clear();
    return processStopOn(EOF, rawEscapes);
  }

  /** The names looked up by the last {@link #process}, in order of first use. */
  Set<String> referenced() {
    return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(referenced));
  }

  /** A syntax error in a word; {@link ShellWords} turns it into a Berth error naming the text. */
  static final class LexException extends RuntimeException {
    LexException(String message) {
      super(message, null, false, false);
    }
  }

  private int peek() {
    return pos < chars.length ? chars[pos] : EOF;
  }

  private int next() {
    return pos < chars.length ? chars[pos++] : EOF;
  }

  private Result processStopOn(int stopChar, boolean raw) {
    boolean saved = rawEscapes;
    rawEscapes = raw;
    try {
      return scan(stopChar);
    } finally {
      rawEscapes = saved;
    }
  }

  private Result scan(int stopChar) {
    StringBuilder result = new StringBuilder();
    Words words = new Words();
    while (peek() != EOF) {
      int ch = peek();
      if (stopChar != EOF && ch == stopChar) {
        next();
        return new Result(result.toString(), words.finish());
      }
      String special = switch (ch) {
        case '$' -> processDollar();
        case '<' -> processPossibleHeredoc();
        case '\'' -> processSingleQuote();
        case '"' -> processDoubleQuote();
        default -> null;
      };
      if (special != null) {
        result.append(special);
        if (ch == '$') {
          words.addString(special);
        } else {
          words.addRawString(special);
        }
        continue;
      }
      ch = next();
      if (ch == escape) {
        if (rawEscapes) {
          words.addRawChar(ch);
          result.appendCodePoint(ch);
        }
        ch = next();
        if (ch == EOF) break;
        words.addRawChar(ch);
      } else {
        words.addChar(ch);
      }
      result.appendCodePoint(ch);
    }
    if (stopChar != EOF) {
      throw new LexException("unexpected end of statement while looking for matching " + Character.toString(stopChar));
    }
    return new Result(result.toString(), words.finish());
  }

  private String processSingleQuote() {
    StringBuilder result = new StringBuilder();
    int ch = next();
    if (rawQuotes) result.appendCodePoint(ch);
    while (true) {
      ch = next();
      if (ch == EOF) throw new LexException("unexpected end of statement while looking for matching single-quote");
      if (ch == '\'') {
        if (rawQuotes) result.appendCodePoint(ch);
        return result.toString();
      }
      result.appendCodePoint(ch);
    }
  }

  private String processDoubleQuote() {
    StringBuilder result = new StringBuilder();
    int ch = next();
    if (rawQuotes) result.appendCodePoint(ch);
    while (true) {
      int p = peek();
      if (p == EOF) throw new LexException("unexpected end of statement while looking for matching double-quote");
      if (p == '"') {
        ch = next();
        if (rawQuotes) result.appendCodePoint(ch);
        return result.toString();
      }
      if (p == '$') {
        result.append(processDollar());
        continue;
      }
      ch = next();
      if (ch == escape) {
        if (rawEscapes) result.appendCodePoint(ch);
        int after = peek();
        if (after == EOF) continue;
        if (after == '"' || after == '$' || after == escape) ch = next();
      }
      result.appendCodePoint(ch);
    }
  }

  private String processDollar() {
    next();
    if (peek() != '{') {
      String name = processName();
      if (name.isEmpty()) return "$";
      String value = lookup(name);
      if (value == null && skipUnset) return "$" + name;
      return value == null ? "" : value;
    }
    next();
    int first = peek();
    if (first == EOF) throw new LexException("syntax error: missing '}'");
    if (first == '{' || first == '}' || first == ':') throw new LexException("syntax error: bad substitution");
    String name = processName();
    int ch = next();
    return switch (ch) {
      case '}' -> {
        String value = lookup(name);
        if (value == null && skipUnset) yield "${" + name + "}";
        yield value == null ? "" : value;
      }
      case ':' -> modifier(name, next(), true);
      case '+', '-', '?', '#', '%' -> modifier(name, ch, false);
      case '/' -> replacement(name);
      default -> throw new LexException("unsupported modifier (" + (ch == EOF ? "" : Character.toString(ch)) + ") in substitution");
    };
  }

  private String modifier(String name, int ch, boolean nullIsUnset) {
    String chs = (nullIsUnset ? ":" : "") + (ch == EOF ? "" : Character.toString(ch));
    boolean trims = ch == '#' || ch == '%';
    if (nullIsUnset && trims) throw new LexException("unsupported modifier (" + chs + ") in substitution");
    String word = stopOnBrace(trims);
    String value = lookup(name);
    boolean set = value != null;
    if (skipUnset && !set) return "${" + name + chs + word + "}";
    if (ch != '+' && ch != '-' && ch != '?' && !trims) {
      throw new LexException("unsupported modifier (" + chs + ") in substitution");
    }
    boolean empty = !set || (nullIsUnset && value.isEmpty());
    return switch (ch) {
      case '-' -> empty ? word : value;
      case '+' -> empty ? "" : word;
      case '?' -> {
        if (!set) throw new LexException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
        if (nullIsUnset && value.isEmpty()) {
          throw new LexException(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
        }
        yield value;
      }
      default -> {
        boolean greedy = !word.isEmpty() && word.codePointAt(0) == ch;
        String pattern = greedy ? word.substring(1) : word;
        String v = set ? value : "";
        yield ch == '%' ? ShellPatterns.trimSuffix(pattern, v, greedy) : ShellPatterns.trimPrefix(pattern, v, greedy);
      }
    };
  }

  private String stopOnBrace(boolean raw) {
    try {
      return processStopOn('}', raw).word();
    } catch (LexException e) {
      if (peek() == EOF) throw new LexException("syntax error: missing '}'");
      throw e;
    }
  }

  private String replacement(String name) {
    boolean all = peek() == '/';
    if (all) next();
    String pattern;
    try {
      pattern = processStopOn('/', true).word();
    } catch (LexException e) {
      if (peek() == EOF) throw new LexException("syntax error: missing '/' in ${}");
      throw e;
    }
    String replacement = stopOnBrace(true);
    String value = lookup(name);
    if (skipUnset && value == null) return "${" + name + "/" + pattern + "/" + replacement + "}";
    return ShellPatterns.replace(value == null ? "" : value, pattern, replacement, all);
  }

  private String processName() {
    StringBuilder name = new StringBuilder();
    while (peek() != EOF) {
      int ch = peek();
      if (name.isEmpty() && Character.isDigit(ch)) {
        while (peek() != EOF && Character.isDigit(peek())) name.appendCodePoint(next());
        return name.toString();
      }
      if (name.isEmpty() && isSpecialParam(ch)) return Character.toString(next());
      if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') break;
      name.appendCodePoint(next());
    }
    return name.toString();
  }

  private static boolean isSpecialParam(int ch) {
    return switch (ch) {
      case '@', '*', '#', '?', '-', '$', '!', '0' -> true;
      default -> false;
    };
  }

  private String processPossibleHeredoc() {
    next();
    if (peek() != '<') return "<";
    next();
    StringBuilder result = new StringBuilder("<<");
    while (peek() == '\t' || peek() == '\r' || peek() == ' ') result.appendCodePoint(next());
    return result.toString();
  }

  private String lookup(String name) {
    referenced.add(name);
    return env.get(name);
  }

  /** Accumulates the words split on unquoted whitespace, as BuildKit's wordsStruct. */
  private static final class Words {
    private final StringBuilder buf = new StringBuilder();
    private final List<String> words = new ArrayList<>();
    private boolean inWord;

    void addChar(int ch) {
      if (Chars.isSpace(ch)) {
        if (inWord && !buf.isEmpty()) {
          words.add(buf.toString());
          buf.setLength(0);
          inWord = false;
        }
      } else {
        addRawChar(ch);
      }
    }

    void addRawChar(int ch) {
      buf.appendCodePoint(ch);
      inWord = true;
    }

    void addString(String s) {
      s.codePoints().forEach(this::addChar);
    }

    void addRawString(String s) {
      buf.append(s);
      inWord = true;
    }

    List<String> finish() {
      if (!buf.isEmpty()) {
        words.add(buf.toString());
        buf.setLength(0);
        inWord = false;
      }
      return List.copyOf(words);
    }
  }
}
