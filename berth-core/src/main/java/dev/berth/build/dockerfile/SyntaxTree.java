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
    return new TreeParser(text, file).parse();
  }

  /**
   * BuildKit's dump of the tree, one line per instruction: {@code (run "echo hi")}, flags as
   * {@code ["--from=a"]}, arguments Go-quoted, ONBUILD's nested instruction in parentheses inside the line
   * ({@code (onbuild (run "echo hi"))}, as BuildKit's corpus shows).
   * Ends with a newline after the last line.
   */
  public String dump() {
    StringBuilder out = new StringBuilder();
    for (Node node : nodes) {
      out.append('(').append(dump(node)).append(")\n");
    }
    return out.toString();
  }

  /** One node as BuildKit's {@code Node.Dump}: keyword, flags, quoted arguments, a nested node in parentheses. */
  static String dump(Node node) {
    StringBuilder out = new StringBuilder(node.keyword());
    if (!node.flags().isEmpty()) out.append(' ').append(GoQuote.quoteList(node.flags()));
    for (String arg : node.args()) out.append(' ').append(GoQuote.quote(arg));
    if (node.next() != null) out.append(" (").append(dump(node.next())).append(')');
    return out.toString();
  }
}
