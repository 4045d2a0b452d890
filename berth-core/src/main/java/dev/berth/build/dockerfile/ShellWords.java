package dev.berth.build.dockerfile;

import java.util.List;
import java.util.Map;

/**
 * Docker's variable expansion of Dockerfile words: {@code $v}, {@code ${v}}, {@code ${v:-x}}, {@code ${v:+x}}
 * (and {@code -}/{@code +} without the colon), quotes removed as the shell would, {@code escape} (the
 * file's escape character) keeping the next character literal.
 */
public final class ShellWords {
  private final char escape;

  public ShellWords(char escape) {
    this.escape = escape;
  }

  /** Expands one word ({@code WORKDIR $HOME/app}); the result is one string even if it has spaces. */
  public String expand(String word, Map<String, String> vars) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Expands and splits on unquoted whitespace ({@code EXPOSE $PORTS}). */
  public List<String> expandWords(String text, Map<String, String> vars) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** The names of the variables {@code text} refers to (the cache key covers the build args a step uses). */
  public java.util.Set<String> referenced(String text) {
    throw new UnsupportedOperationException("not yet written");
  }

  public char escape() {
    return escape;
  }
}
