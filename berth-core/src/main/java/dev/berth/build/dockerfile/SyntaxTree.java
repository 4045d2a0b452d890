package dev.berth.build.dockerfile;

import java.util.List;

/**
 * A parsed Dockerfile: its instructions and the parser directives.
 *
 * @param escape the escape character ({@code \} unless {@code # escape=`})
 * @param syntax the {@code # syntax=} directive, or null
 * @param warnings non-fatal findings (for example an empty continuation line), with their location
 */
public record SyntaxTree(String file, List<Node> nodes, char escape, String syntax, List<String> warnings) {
  public SyntaxTree {
    nodes = List.copyOf(nodes);
    warnings = List.copyOf(warnings);
  }

  /** Parses Dockerfile text; {@code file} names it in errors. Throws DockerfileException. */
  public static SyntaxTree parse(String text, String file) {
    throw new UnsupportedOperationException("not yet written");
  }

  /**
   * BuildKit's dump of the tree, one line per instruction: {@code (run "echo hi")}, flags as
   * {@code ["--from=a"]}, arguments Go-quoted, ONBUILD's nested instruction inline without parentheses.
   * Ends with a newline after the last line.
   */
  public String dump() {
    throw new UnsupportedOperationException("not yet written");
  }
}
