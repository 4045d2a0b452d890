package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdMain;
import dev.berth.daemon.e2e.ContainerDaemon.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * berthd killed with -9 while containers run: after a restart the running ones still run with the same pid
 * and can be managed, one that exited meanwhile shows its exit code, and restart policies apply at start.
 */
class LiveRestoreIT {
  private Path root;
  private Path socket;
  private Process berthd;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createTempDirectory("berth-live-restore-");
    socket = root.resolve("berth.sock");
    berthd = startBerthd();
    Path tar = BusyboxTar.write(root);
    ok("import", "-c", "CMD [\"/bin/sh\"]", "-c", "ENV PATH=/bin", tar.toString(), "busybox:latest");
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (berthd == null || !berthd.isAlive()) berthd = startBerthd();
      for (String id : docker("ps", "-aq").out().split("\\s+")) {
        if (!id.isBlank()) docker("rm", "-f", "-v", id);
      }
    } finally {
      if (berthd != null) {
        berthd.destroy();
        berthd.waitFor(30, TimeUnit.SECONDS);
        berthd.destroyForcibly();
      }
      dev.berth.sys.FileTrees.delete(root);
    }
  }

  private Process startBerthd() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), BerthdMain.class.getName(),
        "-H", "unix://" + socket, "--data-root", root.resolve("data").toString(), "--exec-root", root.resolve("run").toString(),
        "--storage-driver", "overlay", "--config-file", root.resolve("daemon.json").toString(), "--bridge", "none"));
    Files.writeString(root.resolve("daemon.json"), "{}");
    Files.deleteIfExists(socket);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("berthd.log").toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(socket)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("berthd did not start: " + Files.readString(root.resolve("berthd.log")));
      }
      Thread.sleep(50);
    }
    return p;
  }

  private Result docker(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ContainerDaemon.DOCKER));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("DOCKER_HOST", "unix://" + socket);
    pb.environment().put("DOCKER_CONFIG", root.resolve("docker-config").toString());
    Path out = root.resolve("out.txt");
    Path err = root.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("docker " + String.join(" ", args) + " hung");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private Result ok(String... args) throws Exception {
    Result r = docker(args);
    assertThat(r.exit()).as("docker %s\n%s", String.join(" ", args), r.both()).isZero();
    return r;
  }

  private void kill9() throws Exception {
    berthd.destroyForcibly();
    assertThat(berthd.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void kill9_whileContainersRun_theyKeepRunningAndAreManagedAfterRestart() throws Exception {
    ok("run", "-d", "--name", "survivor", "busybox", "sh", "-c", "trap 'exit 9' TERM; while true; do sleep 0.1; done");
    ok("run", "-d", "--name", "short", "busybox", "sh", "-c", "sleep 1; exit 5");
    ok("run", "-d", "--name", "always", "--restart", "always", "busybox", "sleep", "1");
    String pid = ok("inspect", "-f", "{{.State.Pid}}", "survivor").out().strip();

    kill9();
    Thread.sleep(2500); // "short" and "always" end while no daemon runs
    assertThat(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive)).contains(true);
    berthd = startBerthd();

    assertThat(ok("inspect", "-f", "{{.State.Status}} {{.State.Pid}}", "survivor").out().strip()).isEqualTo("running " + pid);
    assertThat(ok("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "short").out().strip()).isEqualTo("exited 5");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String always;
    do {
      always = ok("inspect", "-f", "{{.State.Status}}", "always").out().strip();
    } while (!always.equals("running") && System.nanoTime() < deadline);
    assertThat(always).isEqualTo("running");
    assertThat(ok("exec", "survivor", "echo", "still-here").out()).isEqualTo("still-here\n");
    ok("stop", "survivor");
    assertThat(ok("inspect", "-f", "{{.State.ExitCode}}", "survivor").out().strip()).isEqualTo("9");
  }

  @Test
  void kill9_duringCreate_leavesACleanOrCompleteContainer() throws Exception {
    // many creates in flight, then the daemon dies: every container it reports afterwards must be usable
    List<Process> clients = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ProcessBuilder pb = new ProcessBuilder(ContainerDaemon.DOCKER, "run", "-d", "--name", "inflight" + i, "busybox", "sleep", "300");
      pb.environment().put("DOCKER_HOST", "unix://" + socket);
      pb.environment().put("DOCKER_CONFIG", root.resolve("docker-config").toString());
      clients.add(pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }
    Thread.sleep(150);
    kill9();
    for (Process c : clients) c.waitFor(30, TimeUnit.SECONDS);
    berthd = startBerthd();
    for (String line : ok("ps", "-a", "--format", "{{.Names}} {{.State}}").out().lines().toList()) {
      String name = line.split(" ")[0];
      String state = line.split(" ")[1];
      assertThat(state).as(line).isIn("created", "running", "exited");
      if (!state.equals("running")) ok("start", name);
      assertThat(ok("exec", name, "echo", "ok").out()).isEqualTo("ok\n");
      ok("rm", "-f", name);
    }
    assertThat(Leaks.under(root.resolve("data"), root.resolve("run")).mounts()).isEmpty();
    assertThat(Leaks.under(root.resolve("data"), root.resolve("run")).monitors()).isEmpty();
  }
}
