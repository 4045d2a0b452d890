package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.BusyboxBerthdTestBase;
import dev.berth.testing.ProcessRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The container commands of {@code bin/berth}, as a user runs them (a process of its own, stdin and terminal
 * included), against a real berthd with overlay, runc and conmon. Needs root and a packaged CLI.
 */
class BerthContainersIT extends BusyboxBerthdTestBase {
  private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();

  BerthContainersIT() {
    super("berth-cli-ct-");
  }

  @AfterEach
  void clean() throws Exception {
    for (String id : berth("ps", "-aq").out().split("\\s+")) {
      if (!id.isBlank()) berth("rm", "-f", "-v", id);
    }
    for (String v : berth("volume", "ls", "-q").out().split("\\s+")) {
      if (!v.isBlank()) berth("volume", "rm", "-f", v);
    }
  }

  private ProcessRun berth(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(BERTH.toString(), "-H", daemon.dockerHost()));
    cmd.addAll(List.of(args));
    return exec(cmd);
  }

  private ProcessRun exec(List<String> cmd) throws Exception {
    return ProcessRun.run(root, null, cmd, null, Duration.ofSeconds(120));
  }

  private ProcessRun ok(String... args) throws Exception {
    ProcessRun r = berth(args);
    assertThat(r.exit()).as("berth %s\n%s", String.join(" ", args), r.both()).isZero();
    return r;
  }

  @Test
  void run_streamsApartExitCodesAndBadFlags() throws Exception {
    ProcessRun r = berth("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3");
    assertThat(r.exit()).as(r.both()).isEqualTo(3);
    assertThat(r.out()).isEqualTo("out\n");
    assertThat(r.err()).isEqualTo("err\n");
    assertThat(berth("run", "--rm", "busybox", "no-such-command").exit()).isEqualTo(127);
    ProcessRun bad = berth("run", "--rm", "-m", "10x", "busybox", "true");
    assertThat(bad.exit()).isEqualTo(125);
    assertThat(bad.err()).contains("10x");
    assertThat(berth("run", "--rm", "no-such-image").exit()).isEqualTo(125);
    assertThat(ok("ps", "-aq").out()).isBlank();
  }

  @Test
  void detached_psLogsExecStopRm() throws Exception {
    String id = ok("run", "-d", "--name", "svc", "busybox", "sh", "-c", "echo started; exec sleep 300").out().strip();
    assertThat(id).matches("[0-9a-f]{64}");
    assertThat(ok("ps", "--format", "{{.Names}} {{.State}}").out()).contains("svc running");
    assertThat(ok("logs", "svc").out()).isEqualTo("started\n");
    assertThat(ok("exec", "svc", "sh", "-c", "echo $((6*7))").out()).isEqualTo("42\n");
    assertThat(berth("exec", "svc", "sh", "-c", "exit 5").exit()).isEqualTo(5);
    ok("stop", "-t", "1", "svc");
    assertThat(ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "svc").out().strip()).isEqualTo("exited 137");
    ok("rm", "svc");
    assertThat(berth("inspect", "svc").exit()).isNotZero();
  }

  @Test
  void runIt_underAPseudoTerminal_getsATerminalOfTheRightSize() throws Exception {
    String cmd = "stty cols 77 rows 22; " + BERTH + " -H " + daemon.dockerHost() + " run -it --rm busybox sh -c 'tty; stty size; exit 6'";
    ProcessRun r = exec(List.of("script", "-qec", cmd, "/dev/null"));
    assertThat(r.exit()).as(r.both()).isEqualTo(6);
    assertThat(r.out()).contains("/dev/pts/").contains("22 77");
  }

  @Test
  void homeVolume_sharedThroughVolumesFrom_outlivesTheContainers() throws Exception {
    ok("create", "-v", "home:/home", "--name", "home-volume", "busybox", "true");
    ok("run", "-d", "--name", "dev1", "--volumes-from", "home-volume", "busybox", "sleep", "300");
    ok("run", "-d", "--name", "dev2", "--volumes-from", "home-volume", "busybox", "sleep", "300");
    ok("exec", "dev1", "sh", "-c", "echo shared > /home/f");
    assertThat(ok("exec", "dev2", "cat", "/home/f").out()).isEqualTo("shared\n");
    ok("rm", "-f", "dev1", "dev2", "home-volume");
    assertThat(ok("volume", "ls", "-q").out()).contains("home");
    assertThat(ok("run", "--rm", "-v", "home:/h", "busybox", "cat", "/h/f").out()).isEqualTo("shared\n");
    ok("volume", "rm", "home");
    assertThat(ok("volume", "ls", "-q").out()).doesNotContain("home");
  }
}
