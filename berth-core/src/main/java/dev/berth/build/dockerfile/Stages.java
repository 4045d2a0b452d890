package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Groups instructions into stages: ARGs before the first FROM are meta args; each FROM opens a stage. */
final class Stages {
  private Stages() {}

  static Dockerfile group(SyntaxTree tree, List<Instruction> instructions) {
    List<Instruction.ArgDecl> metaArgs = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    Map<String, Location> names = new HashMap<>();
    Instruction.From from = null;
    List<Instruction> body = new ArrayList<>();
    for (Instruction instruction : instructions) {
      if (instruction instanceof Instruction.From f) {
        if (from != null) stages.add(new Stage(stages.size(), from.alias(), from, body));
        from = f;
        body = new ArrayList<>();
        if (f.alias() != null) {
          Location earlier = names.putIfAbsent(f.alias(), f.location());
          if (earlier != null) {
            throw new DockerfileException(f.location(), "duplicate stage name " + GoQuote.quote(f.alias()) + ": already used at " + earlier);
          }
        }
      } else if (from != null) {
        body.add(instruction);
      } else if (instruction instanceof Instruction.Arg arg) {
        metaArgs.addAll(arg.args());
      } else {
        throw new DockerfileException(instruction.location(),
            keyword(instruction) + " before the first FROM: expected FROM (only ARG may come before it)");
      }
    }
    if (from == null) {
      Location end = new Location(tree.file(), tree.nodes().getLast().endLine(), 1);
      throw new DockerfileException(end, "no FROM instruction: expected a FROM to start the first build stage");
    }
    stages.add(new Stage(stages.size(), from.alias(), from, body));
    return new Dockerfile(tree, metaArgs, stages);
  }

  private static String keyword(Instruction instruction) {
    return Chars.splitBlank(Chars.trim(instruction.original()), 2).getFirst().toUpperCase(java.util.Locale.ROOT);
  }
}
