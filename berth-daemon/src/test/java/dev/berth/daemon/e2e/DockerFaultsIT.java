package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.e2e.ContainerDaemon.Result;
import org.junit.jupiter.api.Test;

/**
 * Bad input through the docker CLI: each gets a clear message and Docker's exit code, and leaves nothing
 * behind: no mount, runc state, monitor process or cgroup (counted before and after).
 */
class DockerFaultsIT extends DaemonTestBase {
  private void assertFailsCleanly(int exit, String message, String... args) throws Exception {
    Leaks before = d.leaks();
    Result r = d.docker(args);
    assertThat(r.exit()).as(r.both()).isEqualTo(exit);
    assertThat(r.err()).contains(message);
    assertThat(d.leaks()).isEqualTo(before);
  }

  @Test
  void badInput_clearErrorsAndNothingLeaks() throws Exception {
    assertFailsCleanly(125, "No such image", "run", "--rm", "--pull", "never", "no-such-image");
    assertFailsCleanly(125, "invalid", "run", "--rm", "-m", "10x", "busybox", "true");
    assertFailsCleanly(125, "restart", "run", "--rm", "--restart", "sometimes", "busybox", "true");
    d.ok("run", "-d", "--name", "taken", "busybox", "sleep", "300");
    assertFailsCleanly(125, "is already in use", "run", "--name", "taken", "busybox", "true");
    assertFailsCleanly(1, "stop the container before removing", "rm", "taken");
    assertThat(d.ok("start", "taken").out().strip()).isEqualTo("taken");
    assertFailsCleanly(125, "Minimum memory limit", "run", "--rm", "-m", "1k", "busybox", "true");
    assertFailsCleanly(127, "no-such-binary", "run", "--rm", "busybox", "no-such-binary");
    assertFailsCleanly(125, "invalid volume specification", "run", "--rm", "-v", "relative/path:/x", "busybox", "true");
    assertFailsCleanly(125, "no-such-container", "run", "--rm", "--volumes-from", "no-such-container", "busybox", "true");
  }

  @Test
  void failedStart_keepsTheContainerCreatedWithTheError_andNothingRuns() throws Exception {
    Leaks before = d.leaks();
    d.ok("create", "--name", "broken", "busybox", "no-such-binary");
    Result start = d.docker("start", "broken");
    assertThat(start.exit()).isNotZero();
    assertThat(start.err()).contains("no-such-binary");
    assertThat(d.ok("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "broken").out().strip()).isEqualTo("created 127");
    d.ok("rm", "broken");
    assertThat(d.leaks()).isEqualTo(before);
  }
}
