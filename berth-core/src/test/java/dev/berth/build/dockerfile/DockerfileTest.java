package dev.berth.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileTest {
  private static Dockerfile parse(String text) {
    return Dockerfile.parse(text, "Dockerfile");
  }

  private static Instruction only(String text) {
    List<Instruction> in = parse("FROM scratch\n" + text).stages().getFirst().instructions();
    assertThat(in).hasSize(1);
    return in.getFirst();
  }

  @Test
  void parse_multiStage_groupsStagesAndMetaArgs() {
    Dockerfile df = parse("""
        ARG BASE=busybox
        ARG VERSION
        FROM --platform=linux/amd64 $BASE AS Build
        RUN echo hi
        FROM build
        COPY --from=build /a /b
        """);

    assertThat(df.metaArgs()).containsExactly(new Instruction.ArgDecl("BASE", "busybox"), new Instruction.ArgDecl("VERSION", null));
    assertThat(df.stages()).hasSize(2);
    Stage first = df.stages().getFirst();
    assertThat(first.index()).isZero();
    assertThat(first.name()).isEqualTo("build");
    assertThat(first.from().image()).isEqualTo("$BASE");
    assertThat(first.from().platform()).isEqualTo("linux/amd64");
    assertThat(first.from().location()).isEqualTo(new Location("Dockerfile", 3, 1));
    assertThat(first.instructions()).hasSize(1);
    Stage second = df.stages().get(1);
    assertThat(second.index()).isEqualTo(1);
    assertThat(second.name()).isNull();
    assertThat(second.instructions().getFirst()).isInstanceOf(Instruction.Copy.class);
  }

  @Test
  void parse_runShellAndExecForm_keepsCommand() {
    Instruction.Run shell = (Instruction.Run) only("RUN echo $HOME \\\n  && true");
    Instruction.Run exec = (Instruction.Run) only("run [\"echo\", \"$HOME\"]");

    assertThat(shell.command()).isEqualTo(new Instruction.Command(List.of("echo $HOME   && true"), true));
    assertThat(shell.original()).isEqualTo("RUN echo $HOME   && true");
    assertThat(shell.location()).isEqualTo(new Location("Dockerfile", 2, 1));
    assertThat(exec.command()).isEqualTo(new Instruction.Command(List.of("echo", "$HOME"), false));
  }

  @Test
  void parse_runFlags_keepsMountsAndNetwork() {
    Instruction.Run run = (Instruction.Run) only("RUN --mount=type=cache,target=/c --mount=type=tmpfs,target=/t --network=host make");

    assertThat(run.mounts()).containsExactly("type=cache,target=/c", "type=tmpfs,target=/t");
    assertThat(run.network()).isEqualTo("host");
    assertThat(run.command().args()).containsExactly("make");
  }

  @Test
  void parse_copyWithFlags_splitsSourcesAndDest() {
    Instruction.Copy copy = (Instruction.Copy) only("COPY --from=build --chown=app:app --chmod=0755 --link a b* /dst/");

    assertThat(copy.sources()).containsExactly("a", "b*");
    assertThat(copy.dest()).isEqualTo("/dst/");
    assertThat(copy.from()).isEqualTo("build");
    assertThat(copy.chown()).isEqualTo("app:app");
    assertThat(copy.chmod()).isEqualTo("0755");
    assertThat(copy.link()).isTrue();
    assertThat(copy.heredocs()).isEmpty();
  }

  @Test
  void parse_addJsonForm_keepsSpacesInPaths() {
    Instruction.Add add = (Instruction.Add) only("ADD --checksum=sha256:abc --keep-git-dir=true [\"a file\", \"/x y/\"]");

    assertThat(add.sources()).containsExactly("a file");
    assertThat(add.dest()).isEqualTo("/x y/");
    assertThat(add.checksum()).isEqualTo("sha256:abc");
    assertThat(add.keepGitDir()).isTrue();
    assertThat(add.chown()).isNull();
    assertThat(add.link()).isFalse();
  }

  @Test
  void parse_envAndLabel_givesPairsInBothForms() {
    Instruction.Env legacy = (Instruction.Env) only("ENV PATH /usr/bin:/bin");
    Instruction.Env modern = (Instruction.Env) only("ENV A=1 B=\"two words\"");
    Instruction.Label label = (Instruction.Label) only("LABEL org.x=\"y\" z=w");

    assertThat(legacy.pairs()).containsExactly(new Instruction.KeyValue("PATH", "/usr/bin:/bin"));
    assertThat(modern.pairs()).containsExactly(new Instruction.KeyValue("A", "1"), new Instruction.KeyValue("B", "\"two words\""));
    assertThat(label.pairs()).containsExactly(new Instruction.KeyValue("org.x", "\"y\""), new Instruction.KeyValue("z", "w"));
  }

  @Test
  void parse_configInstructions_givesTheirValues() {
    Dockerfile df = parse("""
        FROM scratch
        ARG A B=2
        WORKDIR /app
        USER 1000:1000
        EXPOSE 80 53/udp
        VOLUME /data /logs
        VOLUME ["/j"]
        CMD ["run", "it"]
        ENTRYPOINT exec thing
        SHELL ["/bin/bash", "-c"]
        STOPSIGNAL SIGTERM
        MAINTAINER me <me@example.com>
        """);
    List<Instruction> in = df.stages().getFirst().instructions();

    assertThat(in).containsExactly(
        new Instruction.Arg(List.of(new Instruction.ArgDecl("A", null), new Instruction.ArgDecl("B", "2")), loc(2), "ARG A B=2"),
        new Instruction.Workdir("/app", loc(3), "WORKDIR /app"),
        new Instruction.User("1000:1000", loc(4), "USER 1000:1000"),
        new Instruction.Expose(List.of("80", "53/udp"), loc(5), "EXPOSE 80 53/udp"),
        new Instruction.Volume(List.of("/data", "/logs"), loc(6), "VOLUME /data /logs"),
        new Instruction.Volume(List.of("/j"), loc(7), "VOLUME [\"/j\"]"),
        new Instruction.Cmd(new Instruction.Command(List.of("run", "it"), false), loc(8), "CMD [\"run\", \"it\"]"),
        new Instruction.Entrypoint(new Instruction.Command(List.of("exec thing"), true), loc(9), "ENTRYPOINT exec thing"),
        new Instruction.Shell(List.of("/bin/bash", "-c"), loc(10), "SHELL [\"/bin/bash\", \"-c\"]"),
        new Instruction.StopSignal("SIGTERM", loc(11), "STOPSIGNAL SIGTERM"),
        new Instruction.Maintainer("me <me@example.com>", loc(12), "MAINTAINER me <me@example.com>"));
  }

  private static Location loc(int line) {
    return new Location("Dockerfile", line, 1);
  }

  @Test
  void parse_healthcheck_givesDockerTestAndDurations() {
    Instruction.Healthcheck hc = (Instruction.Healthcheck) only(
        "HEALTHCHECK --interval=30s --timeout=1m30s --start-period=500ms --start-interval=2s --retries=3 CMD curl -f http://localhost/");
    Instruction.Healthcheck exec = (Instruction.Healthcheck) only("HEALTHCHECK cmd [\"/bin/check\", \"-q\"]");
    Instruction.Healthcheck none = (Instruction.Healthcheck) only("HEALTHCHECK NONE");

    assertThat(hc.test()).containsExactly("CMD-SHELL", "curl -f http://localhost/");
    assertThat(hc.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(hc.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(hc.startPeriod()).isEqualTo(Duration.ofMillis(500));
    assertThat(hc.startInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(hc.retries()).isEqualTo(3);
    assertThat(exec.test()).containsExactly("CMD", "/bin/check", "-q");
    assertThat(exec.interval()).isNull();
    assertThat(none.test()).containsExactly("NONE");
  }

  @Test
  void parse_onbuild_parsesTrigger() {
    Instruction.Onbuild ob = (Instruction.Onbuild) only("ONBUILD COPY --chown=a . /src");

    assertThat(ob.expression()).isEqualTo("COPY --chown=a . /src");
    assertThat(ob.trigger()).isInstanceOf(Instruction.Copy.class);
    assertThat(((Instruction.Copy) ob.trigger()).chown()).isEqualTo("a");
  }

  @Test
  void parse_lowerCaseKeywords_areAccepted() {
    Dockerfile df = parse("from alpine as base\nrun true\n");

    assertThat(df.stages().getFirst().name()).isEqualTo("base");
    assertThat(df.stages().getFirst().instructions().getFirst()).isInstanceOf(Instruction.Run.class);
  }

  @Test
  void parse_heredocs_attachBodiesToRunAndCopy() {
    Dockerfile df = parse("""
        FROM alpine
        RUN <<EOF
        echo $HOME
        EOF
        RUN <<-'A' cat - /dev/stdin <<B
        \tquoted $X
        \tA
        second
        B
        COPY <<EOF /etc/motd
        hello
        EOF
        RUN echo after
        """);
    List<Instruction> in = df.stages().getFirst().instructions();

    Instruction.Run first = (Instruction.Run) in.get(0);
    assertThat(first.heredocs()).containsExactly(new Heredoc("EOF", "echo $HOME\n", true));
    assertThat(first.command().args()).containsExactly("<<EOF");
    Instruction.Run two = (Instruction.Run) in.get(1);
    assertThat(two.heredocs()).containsExactly(new Heredoc("A", "quoted $X\n", false), new Heredoc("B", "second\n", true));
    Instruction.Copy copy = (Instruction.Copy) in.get(2);
    assertThat(copy.sources()).isEmpty();
    assertThat(copy.dest()).isEqualTo("/etc/motd");
    assertThat(copy.heredocs()).containsExactly(new Heredoc("EOF", "hello\n", true));
    assertThat(in.get(3).location().line()).isEqualTo(13);
    assertThat(df.tree().nodes().get(2).startLine()).isEqualTo(5);
    assertThat(df.tree().nodes().get(2).endLine()).isEqualTo(9);
  }

  @Test
  void parse_unknownInstruction_suggestsClosest() {
    assertThatThrownBy(() -> parse("FROM a\n\nRUNN echo\n"))
        .isInstanceOf(DockerfileException.class)
        .hasMessage("Dockerfile:3:1: unknown instruction: RUNN (did you mean RUN?)");
  }

  @Test
  void parse_unknownFlag_pointsAtTheFlag() {
    assertThatThrownBy(() -> parse("FROM a\nCOPY --frm=b x /\n"))
        .isInstanceOf(DockerfileException.class)
        .hasMessageStartingWith("Dockerfile:2:6: unknown flag: --frm (COPY takes --from, --chown, --chmod");
  }

  @Test
  void parse_badInput_reportsLocationAndExpectation() {
    assertError("FROM a\nRUN --network=x true\n", "Dockerfile:2:1: RUN: unsupported network mode \"x\"");
    assertError("FROM a\nCOPY --from x /\n", "Dockerfile:2:6: missing a value on flag --from");
    assertError("FROM a\nCOPY --link=maybe x /\n", "Dockerfile:2:6: bad value for --link: expected true or false");
    assertError("FROM a\nCOPY --from=a --from=b x /\n", "Dockerfile:2:15: duplicate flag specified: --from");
    assertError("FROM a\nCOPY onlyone\n", "Dockerfile:2:1: COPY requires at least two arguments");
    assertError("FROM a\nWORKDIR\n", "Dockerfile:2:1: WORKDIR requires exactly one argument");
    assertError("FROM a b\n", "Dockerfile:1:1: FROM requires either one or three arguments");
    assertError("FROM a AT b\n", "Dockerfile:1:8: FROM: expected AS before the stage name");
    assertError("FROM a AS 1st\n", "Dockerfile:1:11: invalid name for build stage: \"1st\"");
    assertError("FROM a AS x\nFROM b AS X\n", "Dockerfile:2:1: duplicate stage name \"x\": already used at Dockerfile:1:1");
    assertError("ARG x\n", "Dockerfile:1:1: no FROM instruction");
    assertError("RUN true\nFROM a\n", "Dockerfile:1:1: RUN before the first FROM: expected FROM");
    assertError("FROM a\nHEALTHCHECK --interval=5x CMD true\n", "Dockerfile:2:13: invalid duration for --interval: \"5x\"");
    assertError("FROM a\nHEALTHCHECK --timeout=10us CMD true\n", "Dockerfile:2:13: --timeout cannot be less than 1ms");
    assertError("FROM a\nHEALTHCHECK --retries=-1 CMD true\n", "Dockerfile:2:13: --retries cannot be negative");
    assertError("FROM a\nHEALTHCHECK NONE x\n", "Dockerfile:2:1: HEALTHCHECK NONE takes no arguments");
    assertError("FROM a\nHEALTHCHECK CMD\n", "Dockerfile:2:1: Missing command after HEALTHCHECK CMD");
    assertError("FROM a\nONBUILD ONBUILD RUN x\n", "Dockerfile:2:1: Chaining ONBUILD");
    assertError("FROM a\nONBUILD FROM b\n", "Dockerfile:2:1: FROM isn't allowed as an ONBUILD trigger");
    assertError("FROM a\nSHELL /bin/sh -c\n", "Dockerfile:2:1: SHELL requires the arguments to be in JSON form");
    assertError("FROM a\nENV\n", "Dockerfile:2:1: ENV requires at least one argument");
    assertError("FROM a\nENV a=1 b\n", "Dockerfile:2:1: Syntax error - can't find = in \"b\"");
    assertError("FROM a\nRUN <<EOF\necho\n", "Dockerfile:2:1: unterminated heredoc");
    assertError("FROM a\nWORKDIR --x=1 /\n", "Dockerfile:2:9: unknown flag: --x (WORKDIR takes no flags)");
  }

  private static void assertError(String text, String messageStart) {
    assertThatThrownBy(() -> parse(text)).isInstanceOf(DockerfileException.class).hasMessageStartingWith(messageStart);
  }

  @Test
  void parseInstruction_oneLine_givesItsRecord() {
    Instruction run = Dockerfile.parseInstruction("RUN echo hi");
    Instruction heredoc = Dockerfile.parseInstruction("RUN <<EOF\necho hi\nEOF");

    assertThat(run).isInstanceOf(Instruction.Run.class);
    assertThat(((Instruction.Run) run).command().args()).containsExactly("echo hi");
    assertThat(((Instruction.Run) heredoc).heredocs()).containsExactly(new Heredoc("EOF", "echo hi\n", true));
  }

  @Test
  void parseInstruction_twoInstructions_throws() {
    assertThatThrownBy(() -> Dockerfile.parseInstruction("RUN a\nRUN b"))
        .isInstanceOf(DockerfileException.class)
        .hasMessageContaining("expected one instruction, found 2");
  }

  @Test
  void parse_onbuildHeredoc_keepsBodyInExpression() {
    Instruction.Onbuild ob = (Instruction.Onbuild) only("ONBUILD RUN <<EOF\necho hi\nEOF");

    assertThat(ob.expression()).isEqualTo("RUN <<EOF\necho hi\nEOF");
    assertThat(Dockerfile.parseInstruction(ob.expression())).isEqualTo(
        new Instruction.Run(new Instruction.Command(List.of("<<EOF"), true), List.of(new Heredoc("EOF", "echo hi\n", true)),
            List.of(), null, new Location("instruction", 1, 1), "RUN <<EOF"));
  }
}
