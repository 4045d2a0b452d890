package dev.berth.engine.build;

import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.build.dockerfile.Instruction;
import dev.berth.build.dockerfile.Stage;
import dev.berth.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The stages a build runs: the target ({@code --target}, else the last) and, transitively, the earlier stages
 * it names in {@code FROM <stage>} or {@code COPY --from=<stage|index>}; the others are skipped, as BuildKit
 * skips them. Also the number of steps the output counts ({@code Step 2/6}).
 *
 * @param stages the stages to run, in file order
 * @param steps the instructions of those stages, FROM lines included, plus the label step when there is one
 */
record BuildPlan(List<Stage> stages, int steps) {
  BuildPlan {
    stages = List.copyOf(stages);
  }

  /**
   * @param fromImage expands a FROM line's image with the meta ARGs
   * @param labelStep whether the request's labels add a step at the end
   */
  static BuildPlan of(Dockerfile dockerfile, String target, UnaryOperator<String> fromImage, boolean labelStep) {
    List<Stage> all = dockerfile.stages();
    if (all.isEmpty()) throw new InvalidArgumentException("the Dockerfile has no build stage (no FROM instruction)");
    Stage last = target == null || target.isEmpty() ? all.getLast() : byName(all, target);
    if (last == null) throw new InvalidArgumentException("failed to reach build target " + target + " in Dockerfile");
    BitSet needed = new BitSet();
    mark(all, last, fromImage, needed);
    List<Stage> stages = new ArrayList<>();
    int steps = labelStep ? 1 : 0;
    for (Stage s : all) {
      if (needed.get(s.index())) {
        stages.add(s);
        steps += 1 + s.instructions().size();
      }
    }
    return new BuildPlan(stages, steps);
  }

  /** The stage a name ({@code AS builder}) or a number refers to among those before {@code before}; null if none. */
  static Stage reference(List<Stage> all, String ref, int before) {
    if (ref == null) return null;
    for (Stage s : all) {
      if (s.index() < before && s.name() != null && s.name().equals(ref.toLowerCase(Locale.ROOT))) return s;
    }
    if (ref.matches("[0-9]+")) {
      int i = Integer.parseInt(ref);
      if (i < before && i < all.size()) return all.get(i);
    }
    return null;
  }

  private static Stage byName(List<Stage> all, String name) {
    return all.stream().filter(s -> s.name() != null && s.name().equals(name.toLowerCase(Locale.ROOT))).findFirst().orElse(null);
  }

  private static void mark(List<Stage> all, Stage stage, UnaryOperator<String> fromImage, BitSet needed) {
    if (needed.get(stage.index())) return;
    needed.set(stage.index());
    Stage base = byNameBefore(all, fromImage.apply(stage.from().image()), stage.index());
    if (base != null) mark(all, base, fromImage, needed);
    for (Instruction i : stage.instructions()) {
      String from = i instanceof Instruction.Copy c ? c.from() : null;
      if (from == null) continue;
      if (from.contains("$")) {
        all.stream().filter(s -> s.index() < stage.index()).forEach(s -> mark(all, s, fromImage, needed));
        continue;
      }
      Stage dep = reference(all, from, stage.index());
      if (dep != null) mark(all, dep, fromImage, needed);
    }
  }

  private static Stage byNameBefore(List<Stage> all, String image, int before) {
    if (image == null) return null;
    String name = image.toLowerCase(Locale.ROOT);
    return all.stream().filter(s -> s.index() < before && name.equals(s.name())).findFirst().orElse(null);
  }
}
