package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.Json;
import dev.berth.runtime.monitor.LogStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real docker CLI 28 (/usr/local/bin/docker) against the API over the fake engine: what the CLI sends
 * for run, ps, inspect, logs, exec, stop, rm, top, stats and cp, and how it reads the answers (hijacked
 * attach before start, wait headers before the body, exit codes, separate stdout and stderr).
 */
class DockerCliContainersIT {
  private static final String DOCKER = "/usr/local/bin/docker";

  @TempDir Path tmp;
  private ApiTestServer api;

  record Result(int exit, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    api = new ApiTestServer(tmp);
    api.images.add("busybox:latest", "2024-01-02T03:04:05Z", Map.of(), "bb".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private Result docker(String stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(DOCKER));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("DOCKER_HOST", "unix://" + api.socket);
    pb.environment().put("DOCKER_CONFIG", tmp.resolve("docker-config").toString());
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("docker " + String.join(" ", args) + " did not finish in 30 s");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private Result ok(String... args) throws Exception {
    Result r = docker(null, args);
    assertThat(r.exit()).as("docker %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
    return r;
  }

  @Test
  void run_rm_printsTheOutputExitsZeroAndRemovesTheContainer() throws Exception {
    Result r = ok("run", "--rm", "busybox", "echo", "hi");
    assertThat(r.out()).isEqualTo("hi\n");
    assertThat(ok("ps", "-a", "-q").out()).isEmpty();
  }

  @Test
  void run_exitCodeAndStderr_reachTheCliApart() throws Exception {
    Result code = docker(null, "run", "--name", "three", "busybox", "exit", "3");
    assertThat(code.exit()).isEqualTo(3);
    Result warn = docker(null, "run", "--rm", "busybox", "warn", "oops");
    assertThat(warn.exit()).isZero();
    assertThat(warn.out()).isEmpty();
    assertThat(warn.err()).isEqualTo("oops\n");
  }

  @Test
  void run_interactive_sendsStdinAndEndsWhenItCloses() throws Exception {
    Result r = docker("piped in\n", "run", "-i", "--rm", "busybox", "cat");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("piped in\n");
  }

  @Test
  void createStartPsInspectLogsStopRm_workAsWithDockerd() throws Exception {
    String id = ok("create", "--name", "web", "-l", "team=core", "-e", "A=1", "-m", "64m", "busybox", "sleep", "99").out().strip();
    assertThat(id).hasSize(64);
    assertThat(ok("ps", "-a", "--format", "{{.Names}} {{.Status}}").out()).isEqualTo("web Created\n");
    ok("start", "web");
    assertThat(ok("ps", "--format", "{{.Names}} {{.Command}} {{.Labels}}").out()).isEqualTo("web \"sleep 99\" team=core\n");
    assertThat(ok("ps", "--format", "{{.Status}}").out()).startsWith("Up ");
    JsonNode inspect = Json.MAPPER.readTree(ok("inspect", "web").out()).get(0);
    assertThat(inspect.get("Id").asText()).isEqualTo(id);
    assertThat(inspect.get("State").get("Running").asBoolean()).isTrue();
    assertThat(inspect.get("HostConfig").get("Memory").asLong()).isEqualTo(64L << 20);
    assertThat(ok("inspect", "-f", "{{.State.Status}} {{.Config.Env}}", "web").out()).isEqualTo("running [A=1 PATH=/bin]\n");
    api.containers.addLog("web", LogStream.STDOUT, Instant.parse("2026-11-28T08:00:00Z"), "out line");
    api.containers.addLog("web", LogStream.STDERR, Instant.parse("2026-11-28T08:00:01Z"), "err line");
    Result logs = ok("logs", "web");
    assertThat(logs.out()).isEqualTo("out line\n");
    assertThat(logs.err()).isEqualTo("err line\n");
    assertThat(ok("logs", "-t", "--tail", "1", "web").err()).isEqualTo("2026-11-28T08:00:01.000000000Z err line\n");
    Result rmRunning = docker(null, "rm", "web");
    assertThat(rmRunning.exit()).isNotZero();
    assertThat(rmRunning.err()).contains("container is running");
    ok("stop", "web");
    assertThat(ok("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "web").out()).isEqualTo("exited 143\n");
    ok("rm", "web");
    Result gone = docker(null, "inspect", "web");
    assertThat(gone.exit()).isNotZero();
    assertThat(gone.err()).contains("No such").contains("web");
  }

  @Test
  void execTopStatsCp_onARunningContainer() throws Exception {
    ok("run", "-d", "--name", "box", "busybox", "sleep", "99");
    assertThat(ok("exec", "box", "echo", "from", "exec").out()).isEqualTo("from exec\n");
    assertThat(docker(null, "exec", "box", "exit", "5").exit()).isEqualTo(5);
    assertThat(docker("typed\n", "exec", "-i", "box", "cat").out()).isEqualTo("typed\n");
    assertThat(ok("top", "box").out()).contains("PID").contains("sleep 99");
    assertThat(ok("stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}}", "box").out()).startsWith("box 1MiB");
    api.containers.putFile("box", "/etc/motd", "hello".getBytes(StandardCharsets.UTF_8));
    Path dest = tmp.resolve("motd");
    ok("cp", "box:/etc/motd", dest.toString());
    assertThat(Files.readString(dest)).isEqualTo("hello");
    ok("rm", "-f", "box");
    assertThat(ok("ps", "-aq").out()).isEmpty();
  }

  @Test
  void run_itUnderAPseudoTerminal_printsRawOutput() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("script", "-qec", DOCKER + " run -it --rm busybox echo tty-hi", "/dev/null");
    pb.environment().put("DOCKER_HOST", "unix://" + api.socket);
    pb.environment().put("DOCKER_CONFIG", tmp.resolve("docker-config").toString());
    pb.redirectErrorStream(true).redirectOutput(tmp.resolve("tty.txt").toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(tmp.resolve("tty.txt"));
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("tty-hi");
    assertThat(api.containers.lastCreateRequest.basic().tty()).isTrue();
  }

  @Test
  void otherVerbs_renamePauseKillWaitUpdateCommitPruneStartA() throws Exception {
    ok("run", "-d", "--name", "v1", "busybox", "sleep", "99");
    ok("rename", "v1", "v2");
    ok("pause", "v2");
    assertThat(ok("ps", "--format", "{{.Status}}").out()).contains("(Paused)");
    ok("unpause", "v2");
    ok("update", "--memory", "128m", "--memory-swap", "256m", "--restart", "always", "v2");
    assertThat(ok("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.RestartPolicy.Name}}", "v2").out())
        .isEqualTo((128L << 20) + " always\n");
    String image = ok("commit", "-m", "snap", "-c", "ENV X=1", "v2", "mine:snap").out().strip();
    assertThat(image).startsWith("sha256:");
    ok("kill", "-s", "USR1", "v2");
    assertThat(ok("wait", "v2").out()).isEqualTo("138\n");
    ok("create", "--name", "later", "busybox", "echo", "started-with-a");
    Result startA = ok("start", "-a", "later");
    assertThat(startA.out()).isEqualTo("started-with-a\n");
    assertThat(ok("container", "prune", "-f").out()).contains("Total reclaimed space");
    assertThat(ok("ps", "-aq").out()).isEmpty();
  }

  @Test
  void errors_giveDockersMessagesAndExitCodes() throws Exception {
    Result badFlag = docker(null, "run", "--rm", "-m", "10x", "busybox", "true");
    assertThat(badFlag.exit()).isEqualTo(125);
    Result missing = docker(null, "start", "ghost");
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err()).contains("No such container: ghost");
    ok("create", "--name", "taken", "busybox", "true");
    Result dup = docker(null, "run", "-d", "--name", "taken", "busybox", "true");
    assertThat(dup.exit()).isEqualTo(125);
    assertThat(dup.err()).contains("already in use");
  }
}
