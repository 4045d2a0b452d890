package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.e2e.ContainerDaemon.Result;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code docker run} through berthd: output streams, exit codes, the image config merge, terminals. */
class DockerRunIT extends DaemonTestBase {
  @Test
  void run_rm_keepsStdoutAndStderrApartAndReturnsExitCode() throws Exception {
    Result r = d.docker("run", "--rm", "busybox", "sh", "-c", "echo to-out; echo to-err >&2; exit 3");
    assertThat(r.exit()).as(r.both()).isEqualTo(3);
    assertThat(r.out()).isEqualTo("to-out\n");
    assertThat(r.err()).isEqualTo("to-err\n");
    assertThat(d.ok("ps", "-aq").out()).isBlank();
  }

  @Test
  void run_missingCommand_exits127_notExecutable_exits126_unknownImage_exits125() throws Exception {
    Result notFound = d.docker("run", "--rm", "busybox", "no-such-command");
    assertThat(notFound.exit()).as(notFound.both()).isEqualTo(127);
    assertThat(notFound.err()).contains("no-such-command");
    Result notExec = d.docker("run", "--rm", "busybox", "/etc/passwd");
    assertThat(notExec.exit()).as(notExec.both()).isEqualTo(126);
    Result noImage = d.docker("run", "--rm", "no-such-image");
    assertThat(noImage.exit()).as(noImage.both()).isEqualTo(125);
    assertThat(noImage.err()).contains("no-such-image");
    assertThat(noImage.err()).as("the CLI's pull stays on the machine").contains("reach only registries on loopback");
  }

  @Test
  void run_imageConfigMerge_envWorkdirUserEntrypoint() throws Exception {
    assertThat(d.ok("run", "--rm", "-e", "A=1", "busybox", "sh", "-c", "echo $PATH $A").out()).isEqualTo("/bin 1\n");
    assertThat(d.ok("run", "--rm", "-w", "/new/dir", "busybox", "pwd").out()).isEqualTo("/new/dir\n");
    assertThat(d.ok("run", "--rm", "-u", "nobody", "busybox", "id").out()).startsWith("uid=65534(nobody) gid=65534(nogroup)");
    assertThat(d.ok("run", "--rm", "-u", "1234:5678", "busybox", "id", "-u").out()).isEqualTo("1234\n");
    assertThat(d.ok("run", "--rm", "--entrypoint", "echo", "busybox", "a", "b").out()).isEqualTo("a b\n");
    assertThat(d.ok("run", "--rm", "-h", "myhost", "busybox", "hostname").out()).isEqualTo("myhost\n");
    assertThat(d.ok("run", "--rm", "busybox", "cat", "/etc/hostname").out().strip()).hasSize(12);
  }

  @Test
  void run_stdinPiped_reachesTheProcess() throws Exception {
    Result r = d.exec(List.of("sh", "-c", "echo piped | " + ContainerDaemon.DOCKER + " run --rm -i busybox cat"), Map.of(), 60);
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).isEqualTo("piped\n");
  }

  @Test
  void run_it_underPseudoTerminal_getsATtyWithTheRightSize() throws Exception {
    String cmd = "stty cols 91 rows 33; " + ContainerDaemon.DOCKER + " run -it --rm busybox sh -c 'tty; stty size; exit 4'";
    Result r = d.exec(List.of("script", "-qec", cmd, "/dev/null"), Map.of(), 60);
    assertThat(r.exit()).as(r.both()).isEqualTo(4);
    assertThat(r.out()).contains("/dev/pts/").contains("33 91");
  }

  @Test
  void run_detached_printsIdAndLogsFollow() throws Exception {
    String id = d.ok("run", "-d", "--name", "talker", "busybox", "sh", "-c", "for i in 1 2 3; do echo line$i; done").out().strip();
    assertThat(id).matches("[0-9a-f]{64}");
    assertThat(d.ok("wait", "talker").out().strip()).isEqualTo("0");
    assertThat(d.ok("logs", "talker").out()).isEqualTo("line1\nline2\nline3\n");
    assertThat(d.ok("logs", "--tail", "1", "talker").out()).isEqualTo("line3\n");
    assertThat(d.ok("logs", "-t", "talker").out()).containsPattern("^\\d{4}-\\d\\d-\\d\\dT[^ ]+Z line1\n");
  }

  @Test
  void run_parallel50_allSucceedWithTheirOwnOutputAndExitCode() throws Exception {
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      var futures = new java.util.ArrayList<java.util.concurrent.Future<Result>>();
      for (int i = 0; i < 50; i++) {
        int n = i;
        futures.add(pool.submit(() -> d.run(Map.of(), 600, "run", "--rm", "busybox", "sh", "-c", "echo run-" + n + "; exit " + (n % 5))));
      }
      for (int i = 0; i < 50; i++) {
        Result r = futures.get(i).get();
        assertThat(r.exit()).as("run %d: %s", i, r.both()).isEqualTo(i % 5);
        assertThat(r.out()).isEqualTo("run-" + i + "\n");
      }
    }
    assertThat(d.ok("ps", "-aq").out()).isBlank();
    assertThat(d.leaks().mounts()).isEmpty();
    assertThat(d.leaks().monitors()).isEmpty();
  }
}
