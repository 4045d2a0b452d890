package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * A Dockerfile ready to build: the ARGs declared before the first FROM ({@code metaArgs}, usable only in
 * FROM lines and by a later {@code ARG name} without value), then the stages.
 */
public record Dockerfile(SyntaxTree tree, List<Instruction.ArgDecl> metaArgs, List<Stage> stages) {
  public Dockerfile {
    metaArgs = List.copyOf(metaArgs);
    stages = List.copyOf(stages);
  }

  /**
   * Parses text into stages. Throws DockerfileException with the location for a syntax error, an unknown
   * instruction, a bad flag ({@code unknown flag: --frm}), a wrong argument count, or a file with no FROM.
   */
  public static Dockerfile parse(String text, String file) {
    SyntaxTree tree = SyntaxTree.parse(text, file);
    List<Instruction> instructions = new ArrayList<>();
    for (Node node : tree.nodes()) instructions.add(Instructions.translate(node, file));
    return Stages.group(tree, instructions);
  }

  /** Turns an instruction given outside a file (ONBUILD triggers, {@code commit --change}) into its record. */
  public static Instruction parseInstruction(String line) {
    SyntaxTree tree = SyntaxTree.parse(line, "instruction");
    if (tree.nodes().size() != 1) {
      throw new DockerfileException(new Location("instruction", tree.nodes().get(1).startLine(), 1),
          "expected one instruction, found " + tree.nodes().size());
    }
    return Instructions.translate(tree.nodes().getFirst(), "instruction");
  }
}
