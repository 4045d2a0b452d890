package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the heredocs an instruction line opens ({@code <<EOF}, {@code <<-EOF}, {@code <<'EOF'}), as BuildKit:
 * the line is split into shell words, and each word of the form {@code [n]<<[-]WORD} is one. A quoted
 * delimiter (wholly or in part) means the body is not expanded.
 */
final class Heredocs {
  private static final Pattern HEREDOC = Pattern.compile("^([0-9]*)<<(-?)[\\t\\n\\f\\r ]*([^<]*)\\z");
  private static final Set<String> INSTRUCTIONS = Set.of("add", "copy", "run");

  private Heredocs() {}

  /** A heredoc opened on the instruction line; the body is read after. */
  record Spec(String name, boolean expand, boolean chomp) {}

  /** Whether the node may have heredocs: RUN, COPY or ADD (or ONBUILD of one), not in JSON form. */
  static boolean allowed(Node node) {
    Node n = node.keyword().equals("onbuild") && node.next() != null ? node.next() : node;
    return INSTRUCTIONS.contains(n.keyword()) && !n.json();
  }

  static List<Spec> inLine(String line) {
    List<String> words;
    try {
      words = new Lexer('\\', true, true, true).process(line, Map.of()).words();
    } catch (Lexer.LexException e) {
      return List.of();
    }
    List<Spec> specs = new ArrayList<>();
    for (String word : words) {
      Spec spec = parse(word);
      if (spec != null) specs.add(spec);
    }
    return specs;
  }

  /** The heredoc a word opens ({@code <<EOF}, {@code <<-"EOF"}), or null if it is not one. */
  static Spec parse(String word) {
    Matcher m = HEREDOC.matcher(word);
    if (!m.find()) return null;
    boolean chomp = m.group(2).equals("-");
    String rest = m.group(3);
    if (rest.isEmpty()) return null;
    List<String> words;
    List<String> raw;
    try {
      words = new Lexer('\\', false, false, true).process(rest, Map.of()).words();
      if (words.size() != 1) return null;
      raw = new Lexer('\\', true, false, true).process(rest, Map.of()).words();
    } catch (Lexer.LexException e) {
      throw new LineParsers.SyntaxError("bad heredoc delimiter " + GoQuote.quote(rest) + ": " + e.getMessage());
    }
    if (raw.size() != words.size()) {
      throw new LineParsers.SyntaxError("inconsistent heredoc delimiter: " + rest);
    }
    boolean expand = quotes(words.getFirst()) == quotes(raw.getFirst());
    return new Spec(words.getFirst(), expand, chomp);
  }

  private static long quotes(String s) {
    return s.chars().filter(c -> c == '\'' || c == '"').count();
  }

  /** Removes the leading tabs of every line ({@code <<-}). */
  static String chomp(String content) {
    return content.replaceAll("(?md)^\t+", "");
  }
}
