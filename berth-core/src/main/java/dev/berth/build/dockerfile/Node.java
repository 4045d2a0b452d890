package dev.berth.build.dockerfile;

import java.util.List;

/**
 * One instruction as BuildKit's parser reads it, before any meaning is given to it.
 *
 * @param keyword the instruction in lower case ({@code run})
 * @param flags the {@code --name=value} flags as written ({@code --from=build})
 * @param args the arguments: one string for the shell form; each element for the JSON form; key, value and
 *     separator triples for ENV and LABEL (as BuildKit's dump shows them)
 * @param json whether the arguments were a JSON array
 * @param next the nested instruction of ONBUILD, else null
 * @param heredocs the here-documents the instruction opens, in order
 * @param original the instruction's text, continuation lines joined, as BuildKit's {@code Original}
 * @param startLine the line of the keyword (1-based)
 * @param endLine the last line of the instruction, heredoc bodies included
 */
public record Node(
    String keyword,
    List<String> flags,
    List<String> args,
    boolean json,
    Node next,
    List<Heredoc> heredocs,
    String original,
    int startLine,
    int endLine) {
  public Node {
    flags = List.copyOf(flags);
    args = List.copyOf(args);
    heredocs = heredocs == null ? List.of() : List.copyOf(heredocs);
  }
}
