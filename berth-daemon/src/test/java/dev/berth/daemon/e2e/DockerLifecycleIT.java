package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.e2e.ContainerDaemon.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The lifecycle commands of the docker CLI against berthd, one detached container at a time. */
class DockerLifecycleIT extends DaemonTestBase {
  private String status(String name) throws Exception {
    return d.ok("inspect", "-f", "{{.State.Status}}", name).out().strip();
  }

  @Test
  void createStartStopKillRestartRm_followDockersStates() throws Exception {
    d.ok("create", "--name", "life", "busybox", "sleep", "300");
    assertThat(status("life")).isEqualTo("created");
    assertThat(d.ok("ps", "-a", "--format", "{{.Names}} {{.Status}}").out()).contains("life Created");
    d.ok("start", "life");
    assertThat(status("life")).isEqualTo("running");
    assertThat(d.ok("ps", "--format", "{{.Names}}").out()).contains("life");
    // sleep is PID 1 without a SIGTERM handler: stop waits the timeout, then SIGKILL
    d.ok("stop", "-t", "1", "life");
    assertThat(d.ok("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "life").out().strip()).isEqualTo("exited 137");
    d.ok("restart", "-t", "1", "life");
    assertThat(status("life")).isEqualTo("running");
    Result rmRunning = d.docker("rm", "life");
    assertThat(rmRunning.exit()).isNotZero();
    assertThat(rmRunning.err()).containsIgnoringCase("stop the container before removing or force remove");
    d.ok("rm", "-f", "life");
    assertThat(d.docker("inspect", "life").err()).contains("No such").contains("life");
  }

  @Test
  void kill_sendsTheSignalTheProcessTraps() throws Exception {
    d.ok("run", "-d", "--name", "trapper", "busybox", "sh", "-c", "trap 'exit 42' USR1; while true; do sleep 0.1; done");
    d.ok("kill", "-s", "USR1", "trapper");
    assertThat(d.ok("wait", "trapper").out().strip()).isEqualTo("42");
    assertThat(d.docker("kill", "trapper").err()).contains("is not running");
  }

  @Test
  void pauseUnpauseTopStats_onARunningContainer() throws Exception {
    d.ok("run", "-d", "--name", "busy", "busybox", "sleep", "300");
    d.ok("pause", "busy");
    assertThat(status("busy")).isEqualTo("paused");
    assertThat(d.docker("exec", "busy", "true").exit()).isNotZero();
    d.ok("unpause", "busy");
    assertThat(status("busy")).isEqualTo("running");
    assertThat(d.ok("top", "busy").out()).contains("PID").contains("sleep 300");
    String stats = d.ok("stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}} {{.MemUsage}}", "busy").out();
    assertThat(stats).startsWith("busy 1 ");
  }

  @Test
  void execRenameUpdateCp_onARunningContainer() throws Exception {
    d.ok("run", "-d", "--name", "box", "-e", "FROM_RUN=yes", "busybox", "sleep", "300");
    assertThat(d.ok("exec", "box", "sh", "-c", "echo $FROM_RUN").out()).isEqualTo("yes\n");
    assertThat(d.ok("exec", "-e", "X=1", "-w", "/tmp", "-u", "nobody", "box", "sh", "-c", "echo $X $(pwd) $(id -u)").out()).isEqualTo("1 /tmp 65534\n");
    Result failing = d.docker("exec", "box", "sh", "-c", "echo e >&2; exit 7");
    assertThat(failing.exit()).isEqualTo(7);
    assertThat(failing.err()).isEqualTo("e\n");
    assertThat(d.docker("exec", "box", "no-such-cmd").exit()).isEqualTo(127);

    d.ok("rename", "box", "box2");
    assertThat(d.ok("inspect", "-f", "{{.Name}}", "box2").out().strip()).isEqualTo("/box2");

    d.ok("update", "-m", "64m", "--memory-swap", "128m", "box2");
    assertThat(d.ok("inspect", "-f", "{{.HostConfig.Memory}}", "box2").out().strip()).isEqualTo(Long.toString(64L << 20));

    Path host = d.root().resolve("cp-in.txt");
    Files.writeString(host, "copied in\n");
    d.ok("cp", host.toString(), "box2:/tmp/in.txt");
    assertThat(d.ok("exec", "box2", "cat", "/tmp/in.txt").out()).isEqualTo("copied in\n");
    Path out = d.root().resolve("cp-out");
    d.ok("cp", "box2:/etc/passwd", out.toString());
    assertThat(Files.readString(out)).contains("nobody");
  }

  @Test
  void commit_makesAnImageWithTheContainersChanges() throws Exception {
    d.ok("run", "--name", "maker", "busybox", "sh", "-c", "echo made > /made.txt");
    d.ok("commit", "-c", "CMD [\"cat\", \"/made.txt\"]", "maker", "made:v1");
    assertThat(d.ok("run", "--rm", "made:v1").out()).isEqualTo("made\n");
    assertThat(d.ok("history", "-q", "made:v1").out().lines().count()).isGreaterThanOrEqualTo(2);
    d.ok("rm", "maker");
    d.ok("rmi", "made:v1");
  }

  @Test
  void events_reportTheContainersLife() throws Exception {
    String since = Long.toString(java.time.Instant.now().getEpochSecond() - 1);
    d.ok("run", "--rm", "--name", "evented", "busybox", "true");
    String until = Long.toString(java.time.Instant.now().getEpochSecond() + 1);
    String events = d.ok("events", "--since", since, "--until", until, "--filter", "type=container", "--format", "{{.Action}}").out();
    assertThat(events.lines().toList()).containsSubsequence("create", "attach", "start", "die", "destroy");
  }

  @Test
  void restartPolicy_onFailure2_restartsTwiceThenStays() throws Exception {
    d.ok("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "exit 1");
    long deadline = System.nanoTime() + 30_000_000_000L;
    String state;
    do {
      Thread.sleep(200);
      state = d.ok("inspect", "-f", "{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}", "flaky").out().strip();
    } while (!state.equals("exited 2 1") && System.nanoTime() < deadline);
    assertThat(state).isEqualTo("exited 2 1");
  }

  @Test
  void healthcheck_turnsHealthyThenUnhealthy_andPsShowsIt() throws Exception {
    d.ok("run", "-d", "--name", "doc", "--health-cmd", "test -f /tmp/ok", "--health-interval", "300ms", "--health-retries", "1",
        "busybox", "sh", "-c", "touch /tmp/ok; sleep 300");
    assertThat(awaitHealth("doc", "healthy")).isEqualTo("healthy");
    assertThat(d.ok("ps", "--format", "{{.Status}}").out()).contains("(healthy)");
    d.ok("exec", "doc", "rm", "/tmp/ok");
    assertThat(awaitHealth("doc", "unhealthy")).isEqualTo("unhealthy");
  }

  private String awaitHealth(String name, String want) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    String health;
    do {
      Thread.sleep(200);
      health = d.ok("inspect", "-f", "{{.State.Health.Status}}", name).out().strip();
    } while (!health.equals(want) && System.nanoTime() < deadline);
    return health;
  }

  @Test
  void logOpts_rotateTheJsonFileLog() throws Exception {
    d.ok("run", "--name", "chatty", "--log-opt", "max-size=2k", "--log-opt", "max-file=2", "busybox",
        "sh", "-c", "i=0; while [ $i -lt 400 ]; do echo line-$i; i=$((i+1)); done");
    String logs = d.ok("logs", "chatty").out();
    assertThat(logs).contains("line-399\n").doesNotContain("line-0\n");
    assertThat(d.ok("inspect", "-f", "{{.HostConfig.LogConfig.Type}}", "chatty").out().strip()).isEqualTo("json-file");
  }
}
