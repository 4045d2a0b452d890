package dev.berth.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver against a fake runc (a shell script that records its argv and answers like runc 1.1, error
 * lines in the JSON log included), so argument building and error mapping are checked without root.
 */
class RuncTest {
  @TempDir Path dir;
  private Runc runc;
  private Path execRoot;

  private static final String FAKE = """
      #!/bin/sh
      # argv: --log L --log-format json --root R command args...
      printf '%s\\n' "$@" > "$(dirname "$0")/args"
      log="$2"; cmd="$7"; shift 7
      last=""; for a in "$@"; do last="$a"; done
      case "$cmd" in
        state)
          if [ "$1" = known ]; then
            echo '{"ociVersion":"1.0.2","id":"known","pid":42,"status":"paused","bundle":"/b","rootfs":"/r","created":"2026-01-01T00:00:00Z","owner":""}'
            exit 0
          fi
          echo '{"level":"error","msg":"container does not exist","time":"2026-01-01T00:00:00Z"}' > "$log"
          echo 'container does not exist' >&2; exit 1 ;;
        create)
          echo '{"level":"warning","msg":"just a warning"}' > "$log"
          echo '{"level":"error","msg":"container with given ID already exists"}' >> "$log"; exit 1 ;;
        start) echo 'plain stderr text' >&2; exit 1 ;;
        list) echo null ;;
        ps) echo '[11,12]' ;;
        run)
          if [ "$last" = slow ]; then exec sleep 10; fi
          if [ "$last" = broken ]; then
            echo '{"level":"error","msg":"runc run failed: exec: \\"nope\\": executable file not found in $PATH"}' > "$log"
            exit 1
          fi
          echo out; echo err >&2; exit 5 ;;
      esac
      exit 0
      """;

  @BeforeEach
  void fakeRunc() throws IOException {
    Path fake = dir.resolve("runc");
    Files.writeString(fake, FAKE);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    execRoot = dir.resolve("exec");
    runc = new Runc(fake, execRoot);
  }

  private List<String> args() throws IOException {
    return Files.readAllLines(dir.resolve("args"));
  }

  @Test
  void state_known_parsesRuncsJsonAndPassesTheRoot() throws IOException {
    RuncState state = runc.state("known");
    assertThat(state.pid()).isEqualTo(42);
    assertThat(state.statusValue()).isEqualTo(RuncState.Status.PAUSED);
    assertThat(args()).containsSubsequence("--root", execRoot.resolve("runc").toString(), "state", "known");
    assertThat(execRoot.resolve("runc")).isDirectory();
  }

  @Test
  void state_unknown_isNotFoundWithRuncsMessage() {
    assertThatThrownBy(() -> runc.state("ghost"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("inspect container ghost: container does not exist");
  }

  @Test
  void create_takenId_isConflictAndArgumentsAreRuncs() throws IOException {
    Path bundle = dir.resolve("bundle");
    CreateOptions options = CreateOptions.DEFAULT.withPidFile(dir.resolve("pid")).withConsoleSocket(dir.resolve("sock"));
    assertThatThrownBy(() -> runc.create("c1", bundle, options))
        .isInstanceOf(ConflictException.class)
        .hasMessage("create container c1: container with given ID already exists");
    assertThat(args()).containsSubsequence("create", "--bundle", bundle.toString(), "--pid-file", dir.resolve("pid").toString(),
        "--console-socket", dir.resolve("sock").toString(), "c1");
  }

  @Test
  void start_failureWithoutLog_fallsBackToStderr() {
    assertThatThrownBy(() -> runc.start("c1"))
        .isInstanceOf(SystemException.class)
        .hasMessage("start container c1: plain stderr text");
  }

  @Test
  void listAndPs_parseRuncsJson() {
    assertThat(runc.list()).isEmpty();
    assertThat(runc.ps("c1")).containsExactly(11, 12);
  }

  @Test
  void killAndDelete_passTheirFlags() throws IOException {
    runc.kill("c1", "TERM", true);
    assertThat(args()).containsSubsequence("kill", "--all", "c1", "TERM");
    Files.createDirectories(runc.stateRoot().resolve("c1")); // a state directory Berth cannot read: runc decides
    runc.delete("c1", true);
    assertThat(args()).containsSubsequence("delete", "--force", "c1");
  }

  @Test
  void delete_noStateDirectory_runsNoProcess() throws IOException {
    runc.delete("gone", true);
    assertThat(dir.resolve("args")).doesNotExist();
    assertThatThrownBy(() -> runc.delete("gone", false))
        .isInstanceOf(dev.berth.errors.NotFoundException.class).hasMessageContaining("does not exist");
    assertThat(dir.resolve("args")).doesNotExist();
  }

  @Test
  void run_processExitsNonZero_returnsItsCodeAndOutput() {
    assertThat(runc.run("c1", dir, Duration.ofSeconds(10), false)).isEqualTo(new RunResult(5, "out\n", "err\n"));
  }

  @Test
  void run_runcFails_throwsWithTheLoggedError() {
    assertThatThrownBy(() -> runc.run("broken", dir, Duration.ofSeconds(10), false))
        .isInstanceOf(SystemException.class)
        .hasMessageContaining("run container broken: runc run failed: exec: \"nope\": executable file not found");
  }

  @Test
  void run_pastTheTimeout_killsRuncAndSaysSo() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> runc.run("slow", dir, Duration.ofMillis(300), false))
        .isInstanceOf(SystemException.class)
        .hasMessageContaining("did not finish");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void badIdOrSignal_isRejectedBeforeRuncRuns() {
    assertThatThrownBy(() -> runc.start("../etc")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("invalid container id");
    assertThatThrownBy(() -> runc.kill("c1", "TERM; rm", false)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("invalid signal");
    assertThat(dir.resolve("args")).doesNotExist();
  }
}
