package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.build.dockerfile.Instruction;
import dev.berth.build.dockerfile.Location;
import dev.berth.build.dockerfile.Stage;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Which stages a build runs: the target and what it needs through FROM and COPY --from. */
class BuildPlanTest {
  private static final Location AT = new Location("Dockerfile", 1, 1);

  private static Stage stage(int index, String name, String from, Instruction... instructions) {
    return new Stage(index, name, new Instruction.From(from, name, null, AT, "FROM " + from), List.of(instructions));
  }

  private static Instruction copyFrom(String from) {
    return new Instruction.Copy(List.of("/x"), "/x", List.of(), from, null, null, false, AT, "COPY --from=" + from + " /x /x");
  }

  private static Instruction env() {
    return new Instruction.Env(List.of(new Instruction.KeyValue("a", "b")), AT, "ENV a=b");
  }

  private static final Dockerfile FILE = new Dockerfile(null, List.of(), List.of(
      stage(0, "base", "busybox", env()),
      stage(1, "unused", "busybox", env(), env()),
      stage(2, "builder", "base", env()),
      stage(3, null, "busybox", copyFrom("builder"), copyFrom("0"))));

  @Test
  void of_noTarget_runsLastAndItsDependenciesOnly() {
    BuildPlan plan = BuildPlan.of(FILE, null, UnaryOperator.identity(), false);

    assertThat(plan.stages()).extracting(Stage::index).containsExactly(0, 2, 3);
    assertThat(plan.steps()).isEqualTo(2 + 2 + 3);
  }

  @Test
  void of_target_stopsThereAndCountsTheLabelStep() {
    BuildPlan plan = BuildPlan.of(FILE, "Builder", UnaryOperator.identity(), true);

    assertThat(plan.stages()).extracting(Stage::index).containsExactly(0, 2);
    assertThat(plan.steps()).isEqualTo(2 + 2 + 1);
  }

  @Test
  void of_unknownTarget_saysSo() {
    assertThatThrownBy(() -> BuildPlan.of(FILE, "nope", UnaryOperator.identity(), false))
        .hasMessage("failed to reach build target nope in Dockerfile");
  }

  @Test
  void reference_numberOrNameBeforeTheStage_found() {
    assertThat(BuildPlan.reference(FILE.stages(), "0", 3).index()).isZero();
    assertThat(BuildPlan.reference(FILE.stages(), "BUILDER", 3).index()).isEqualTo(2);
    assertThat(BuildPlan.reference(FILE.stages(), "builder", 2)).isNull();
    assertThat(BuildPlan.reference(FILE.stages(), "busybox", 3)).isNull();
  }
}
