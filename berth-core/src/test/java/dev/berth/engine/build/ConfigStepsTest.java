package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.build.dockerfile.Instruction;
import dev.berth.build.dockerfile.ShellWords;
import dev.berth.oci.ImageConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Config-only instructions and ARG scoping, on parsed instructions: the config and Docker's history text. */
class ConfigStepsTest {
  private static final ShellWords WORDS = new ShellWords('\\');

  private static BuildArgs args(Map<String, String> given, String dockerfile) {
    return new BuildArgs(given, Dockerfile.parse(dockerfile, "Dockerfile").metaArgs(), WORDS);
  }

  private static <T extends Instruction> T parse(String line) {
    @SuppressWarnings("unchecked")
    T i = (T) Dockerfile.parseInstruction(line);
    return i;
  }

  private static BuildState state() {
    return new BuildState(null, new ImageConfig.ContainerConfig(null, null, List.of("PATH=/bin"), null, List.of("sh"), null,
        null, null, null, null, null, null, null));
  }

  @Test
  void env_expandsWithArgsAndReplacesInPlace() {
    BuildArgs args = args(Map.of("V", "9"), "FROM x\n");
    ConfigSteps steps = new ConfigSteps(WORDS, args);
    BuildState s = state();
    steps.arg(parse("ARG V"), s);

    ConfigSteps.Change c = steps.env(parse("ENV PATH=/usr/bin:$PATH WHICH=$V"), s);

    assertThat(c.config().env()).containsExactly("PATH=/usr/bin:/bin", "WHICH=9");
    assertThat(s.nop(c.comment())).isEqualTo("/bin/sh -c #(nop)  ENV PATH=/usr/bin:/bin WHICH=9");
  }

  @Test
  void arg_valueFromBuildArgThenDefaultThenMeta_andHistoryShowsTheDeclaration() {
    BuildArgs args = args(Map.of("A", "given"), "ARG M=meta\nFROM x\n");
    ConfigSteps steps = new ConfigSteps(WORDS, args);
    BuildState s = state();

    ConfigSteps.Change c = steps.arg(parse("ARG A=default B=dflt M"), s);

    assertThat(s.vars()).containsEntry("A", "given").containsEntry("B", "dflt").containsEntry("M", "meta");
    assertThat(c.comment()).isEqualTo("ARG A=default B=dflt M");
    assertThat(s.runArgs()).containsExactly("A=given", "B=dflt", "M=meta");
  }

  @Test
  void runArgs_envOfTheSameNameWins() {
    ConfigSteps steps = new ConfigSteps(WORDS, args(Map.of(), "FROM x\n"));
    BuildState s = state();
    steps.arg(parse("ARG PATH=/nope"), s);

    assertThat(s.runArgs()).isEmpty();
    assertThat(s.vars()).containsEntry("PATH", "/bin");
  }

  @Test
  void unconsumed_undeclaredNonProxyArgs_sorted() {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("ZED", "1");
    given.put("USED", "1");
    given.put("HTTP_PROXY", "p");
    given.put("ALPHA", null);
    BuildArgs args = args(given, "FROM x\n");
    new ConfigSteps(WORDS, args).arg(parse("ARG USED"), state());

    assertThat(args.unconsumed()).containsExactly("ALPHA", "ZED");
    assertThat(args.proxies()).containsExactly(Map.entry("HTTP_PROXY", "p"));
  }

  @Test
  void cmdShellForm_usesShellAndIsGoQuoted() {
    ConfigSteps steps = new ConfigSteps(WORDS, args(Map.of(), "FROM x\n"));
    BuildState s = state();
    s.advance(null, steps.shell(parse("SHELL [\"/bin/bash\", \"-c\"]"), s).config());

    ConfigSteps.Change c = steps.cmd(parse("CMD echo \"hi\""), s);

    assertThat(c.config().cmd()).containsExactly("/bin/bash", "-c", "echo \"hi\"");
    assertThat(s.nop(c.comment())).isEqualTo("/bin/bash -c #(nop)  CMD [\"/bin/bash\" \"-c\" \"echo \\\"hi\\\"\"]");
  }

  @Test
  void entrypoint_resetsInheritedCmdButKeepsOneFromTheStage() {
    ConfigSteps steps = new ConfigSteps(WORDS, args(Map.of(), "FROM x\n"));

    assertThat(steps.entrypoint(parse("ENTRYPOINT [\"top\"]"), state(), false).config().cmd()).isNull();
    assertThat(steps.entrypoint(parse("ENTRYPOINT [\"top\"]"), state(), true).config().cmd()).containsExactly("sh");
  }

  @Test
  void workdirExposeVolume_joinedNormalisedAndRecorded() {
    ConfigSteps steps = new ConfigSteps(WORDS, args(Map.of(), "FROM x\n"));
    BuildState s = state();
    s.advance(null, steps.workdir(parse("WORKDIR /a/b"), s).config());

    ConfigSteps.Change w = steps.workdir(parse("WORKDIR ../c/./d"), s);
    ConfigSteps.Change e = steps.expose(parse("EXPOSE 80 53/UDP"), s);
    ConfigSteps.Change v = steps.volume(parse("VOLUME /data /logs"), s);

    assertThat(w.config().workingDir()).isEqualTo("/a/c/d");
    assertThat(e.config().exposedPorts()).containsOnlyKeys("80/tcp", "53/udp");
    assertThat(e.comment()).isEqualTo("EXPOSE 80/tcp 53/udp");
    assertThat(v.comment()).isEqualTo("VOLUME [/data /logs]");
  }

  @Test
  void onbuild_addsTheTriggerText() {
    ConfigSteps steps = new ConfigSteps(WORDS, args(Map.of(), "FROM x\n"));

    ConfigSteps.Change c = steps.onbuild(parse("ONBUILD RUN echo hi"), state());

    assertThat(c.config().onBuild()).containsExactly("RUN echo hi");
    assertThat(c.comment()).isEqualTo("ONBUILD RUN echo hi");
  }
}
