package dev.berth.build.dockerfile;

import dev.berth.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;

/**
 * Docker's variable expansion of Dockerfile words: {@code $v}, {@code ${v}}, {@code ${v:-x}}, {@code ${v:+x}}
 * (and {@code -}/{@code +} without the colon), quotes removed as the shell would, {@code escape} (the
 * file's escape character) keeping the next character literal. An unset variable expands to "". The
 * semantics are BuildKit's ({@code shell/lex.go}), so a Dockerfile means the same here as under Docker; a
 * syntax error (an unclosed quote or brace) is an InvalidArgumentException naming the text.
 *
 * <p>Thread-safe: each call uses its own lexer.
 */
public final class ShellWords {
  private final char escape;

  public ShellWords(char escape) {
    this.escape = escape;
  }

  /** Expands one word ({@code WORKDIR $HOME/app}); the result is one string even if it has spaces. */
  public String expand(String word, Map<String, String> vars) {
    return run(word, vars).word();
  }

  /** Expands and splits on unquoted whitespace ({@code EXPOSE $PORTS}). */
  public List<String> expandWords(String text, Map<String, String> vars) {
    return run(text, vars).words();
  }

  /** The names of the variables {@code text} refers to (the cache key covers the build args a step uses). */
  public java.util.Set<String> referenced(String text) {
    Lexer lexer = new Lexer(escape, false, false, false);
    run(lexer, text, Map.of());
    return lexer.referenced();
  }

  private Lexer.Result run(String text, Map<String, String> vars) {
    return run(new Lexer(escape, false, false, false), text, vars);
  }

  /** Throws InvalidArgumentException naming the text for a syntax error (unclosed quote, bad substitution). */
  private static Lexer.Result run(Lexer lexer, String text, Map<String, String> vars) {
    try {
      return lexer.process(text, vars);
    } catch (Lexer.LexException e) {
      throw new InvalidArgumentException("cannot expand " + GoQuote.quote(text) + ": " + e.getMessage());
    }
  }

  public char escape() {
    return escape;
  }
}
