package dev.berth.cli.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth dockerfile parse}: runs without a daemon (the host below does not exist). */
class DockerfileParseCommandTest {
  private static final String NOWHERE = "unix:///nonexistent/berth-test.sock";

  @TempDir Path dir;

  private Path write(String text) throws IOException {
    Path file = dir.resolve("Dockerfile");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void parse_goodFile_printsDump() throws IOException {
    Path file = write("""
        FROM busybox AS base
        COPY --chown=1:1 a.txt /a.txt
        ENV GREETING=hello \\
            NAME="berth"
        RUN echo $GREETING
        CMD ["sh", "-c", "echo hi"]
        """);

    CliRun run = CliRun.run(NOWHERE, "dockerfile", "parse", file.toString());

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo("""
        (from "busybox" "AS" "base")
        (copy ["--chown=1:1"] "a.txt" "/a.txt")
        (env "GREETING" "hello" "=" "NAME" "\\"berth\\"" "=")
        (run "echo $GREETING")
        (cmd "sh" "-c" "echo hi")
        """);
  }

  @Test
  void parse_badFile_printsLocatedErrorAndExits1() throws IOException {
    Path file = write("FROM busybox\n\nENV PATH\n");

    CliRun run = CliRun.run(NOWHERE, "dockerfile", "parse", file.toString());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo(file + ":3:1: ENV must have two arguments\n");
  }

  @Test
  void parse_check_reportsUnknownInstruction() throws IOException {
    Path file = write("FROM busybox\nRUNN echo\n");

    CliRun plain = CliRun.run(NOWHERE, "dockerfile", "parse", file.toString());
    CliRun checked = CliRun.run(NOWHERE, "dockerfile", "parse", "--check", file.toString());

    assertThat(plain.status()).isZero();
    assertThat(plain.out()).isEqualTo("(from \"busybox\")\n(runn \"\")\n");
    assertThat(checked.status()).isEqualTo(1);
    assertThat(checked.err()).isEqualTo(file + ":2:1: unknown instruction: RUNN (did you mean RUN?)\n");
  }

  @Test
  void parse_stdin_readsStandardInput() {
    byte[] text = "FROM scratch\nVOLUME /data\n".getBytes(StandardCharsets.UTF_8);

    CliRun run = CliRun.run(NOWHERE, text, false, Clock.systemUTC(), "dockerfile", "parse", "-");

    assertThat(run.status()).isZero();
    assertThat(run.out()).isEqualTo("(from \"scratch\")\n(volume \"/data\")\n");
  }

  @Test
  void parse_emptyContinuationLine_warnsOnStderr() throws IOException {
    Path file = write("FROM a\nRUN a \\\n\n b\n");

    CliRun run = CliRun.run(NOWHERE, "dockerfile", "parse", file.toString());

    assertThat(run.status()).isZero();
    assertThat(run.out()).isEqualTo("(from \"a\")\n(run \"a  b\")\n");
    assertThat(run.err()).startsWith("[WARNING]: " + file + ":4:1: empty continuation line found in: RUN a  b");
  }

  @Test
  void parse_missingFile_exits1() {
    CliRun run = CliRun.run(NOWHERE, "dockerfile", "parse", dir.resolve("nope").toString());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("cannot read Dockerfile " + dir.resolve("nope") + ": no such file\n");
  }

  @Test
  void parse_directory_exits1NamingTheProblem() {
    CliRun run = CliRun.run(NOWHERE, "dockerfile", "parse", dir.toString());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("cannot read Dockerfile " + dir + ": it is a directory; give the path of the Dockerfile in it\n");
  }

  @Test
  void help_describesTheCommand() {
    CliRun group = CliRun.run(NOWHERE, "dockerfile", "--help");
    CliRun parse = CliRun.run(NOWHERE, "dockerfile", "parse", "--help");

    assertThat(group.out()).containsPattern("(?m)^  parse +Print how a Dockerfile is read");
    assertThat(parse.status()).isZero();
    assertThat(parse.out()).contains("BuildKit's dump format").contains("FILE:LINE:COLUMN").contains("--check");
  }
}
