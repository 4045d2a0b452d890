package dev.berth.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.Attachment;
import dev.berth.engine.Attachment.Frame;
import dev.berth.engine.Attachment.Stream;
import dev.berth.engine.ContainerView;
import dev.berth.engine.ExecService.ExecConfig;
import dev.berth.engine.ExecService.ExecResult;
import dev.berth.engine.ExecService.ExecView;
import dev.berth.engine.events.Event;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.ConflictException;
import dev.berth.runtime.specgen.HostFacts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Execs through the real runc in running busybox containers: output streams, exit codes, stdin, a
 * terminal with resize, detached execs, probe runs with a timeout. Every container is deleted afterwards.
 */
class ExecIT {
  private RuncContainers containers;
  private LocalExecService execs;
  private final EventBus events = new EventBus();
  private final List<Event> seen = new CopyOnWriteArrayList<>();
  private ContainerView box;

  @BeforeEach
  void setUp() throws Exception {
    containers = new RuncContainers();
    execs = new LocalExecService(containers, containers.runc(), events, containers.execDir(), HostFacts.current());
    events.subscribe(-1, e -> true, seen::add);
    box = containers.start("box");
  }

  @AfterEach
  void tearDown() throws IOException {
    execs.close();
    containers.close();
  }

  private static ExecConfig config(boolean stdin, boolean tty, String... cmd) {
    return new ExecConfig(List.of(cmd), null, null, null, tty, stdin, true, true, false, null);
  }

  /** Everything the attachment delivers until it ends, per stream, read within 20 s. */
  private static Map<Stream, String> drain(Attachment a) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<?> f = pool.submit(() -> {
        Optional<Frame> frame;
        while ((frame = a.read()).isPresent()) {
          (frame.get().stream() == Stream.STDOUT ? out : err).writeBytes(frame.get().data());
        }
        return null;
      });
      f.get(20, TimeUnit.SECONDS);
    }
    return Map.of(Stream.STDOUT, out.toString(StandardCharsets.UTF_8), Stream.STDERR, err.toString(StandardCharsets.UTF_8));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 20 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private String id() {
    return box.container().id().hex();
  }

  @Test
  void start_echo_stdoutArrivesAndExitCodeIs0WithEvents() throws Exception {
    String exec = execs.create("box", config(false, false, "echo", "hi"));
    assertThat(exec).matches("[0-9a-f]{64}");
    assertThat(execs.inspect(exec).running()).isFalse();
    assertThat(execs.inspect(exec).exitCode()).isNull();

    Map<Stream, String> out = drain(execs.start(exec, false, null));

    assertThat(out.get(Stream.STDOUT)).as(out.get(Stream.STDERR)).isEqualTo("hi\n");
    assertThat(out.get(Stream.STDERR)).isEmpty();
    ExecView view = execs.inspect(exec);
    assertThat(view.running()).isFalse();
    assertThat(view.exitCode()).isZero();
    assertThat(view.pid()).isPositive();
    assertThat(execs.execIds(id())).as("an ended exec is no longer the container's").isEmpty();
    assertThat(seen).extracting(Event::action).containsExactly("exec_create: echo hi", "exec_start: echo hi", "exec_die");
    assertThat(seen).allSatisfy(e -> {
      assertThat(e.actorId()).isEqualTo(id());
      assertThat(e.attributes()).containsEntry("execID", exec).containsEntry("name", "box");
    });
    assertThat(seen.getLast().attributes()).containsEntry("exitCode", "0");
    try (var files = Files.list(containers.execDir())) {
      assertThat(files.toList()).as("process.json and pid files are removed").isEmpty();
    }
  }

  @Test
  void start_stderrAndExit3_streamsStayApartAndExitCodeIs3() throws Exception {
    String exec = execs.create(id(), config(false, false, "sh", "-c", "echo o; echo e >&2; exit 3"));
    Map<Stream, String> out = drain(execs.start(exec, false, null));
    assertThat(out.get(Stream.STDOUT)).isEqualTo("o\n");
    assertThat(out.get(Stream.STDERR)).isEqualTo("e\n");
    assertThat(execs.inspect(exec).exitCode()).isEqualTo(3);
    assertThat(seen.getLast().attributes()).containsEntry("exitCode", "3");
  }

  @Test
  void start_missingCommand_exitCode127AndRuncsMessageOnStderr() throws Exception {
    String exec = execs.create(id(), config(false, false, "no-such-command"));
    Map<Stream, String> out = drain(execs.start(exec, false, null));
    assertThat(execs.inspect(exec).exitCode()).isEqualTo(127);
    assertThat(out.get(Stream.STDERR)).contains("no-such-command").contains("executable file not found");
  }

  @Test
  void start_fileNotExecutable_exitCode126() throws Exception {
    Files.writeString(box.rootfs().resolve("tmp/script"), "echo never\n");
    String exec = execs.create(id(), config(false, false, "/tmp/script"));
    drain(execs.start(exec, false, null));
    assertThat(execs.inspect(exec).exitCode()).isEqualTo(126);
  }

  @Test
  void start_catWithStdin_echoesInputUntilStdinCloses() throws Exception {
    String exec = execs.create(id(), config(true, false, "cat"));
    assertThat(execs.inspect(exec).openStdin()).isTrue();
    Attachment a = execs.start(exec, false, null);
    a.writeStdin("ping\n".getBytes(StandardCharsets.UTF_8));
    a.writeStdin("pong\n".getBytes(StandardCharsets.UTF_8));
    a.closeStdin();
    assertThat(drain(a).get(Stream.STDOUT)).isEqualTo("ping\npong\n");
    assertThat(execs.inspect(exec).exitCode()).isZero();
  }

  @Test
  void start_userEnvAndWorkdir_comeFromTheExecOverTheContainers() throws Exception {
    ExecConfig c = new ExecConfig(List.of("sh", "-c", "id -u; pwd; echo $CONTAINER_VAR $EXEC_VAR $HOME"),
        List.of("EXEC_VAR=from-exec"), "/tmp", "app", false, false, true, true, false, null);
    Map<Stream, String> out = drain(execs.start(execs.create(id(), c), false, null));
    assertThat(out.get(Stream.STDOUT)).isEqualTo("1000\n/tmp\nfrom-container from-exec /home/app\n");
  }

  @Test
  void start_tty_realTerminalWithTheSizeGivenBeforeStartAndResizedAfter() throws Exception {
    String exec = execs.create(id(), config(true, true, "sh", "-c", "tty; stty size; read x; stty size; echo TERM=$TERM"));
    execs.resize(exec, 40, 120);
    Attachment a = execs.start(exec, false, null);
    assertThat(a.tty()).isTrue();
    StringBuilder first = new StringBuilder();
    while (!first.toString().contains("40 120")) {
      first.append(new String(a.read().orElseThrow().data(), StandardCharsets.UTF_8));
    }
    assertThat(first.toString()).containsPattern("/dev/pts/\\d+\r?\n40 120");
    execs.resize(exec, 50, 130);
    Thread.sleep(300);
    a.writeStdin("go\n".getBytes(StandardCharsets.UTF_8));
    Map<Stream, String> rest = drain(a);
    assertThat(rest.get(Stream.STDOUT)).contains("50 130").contains("TERM=xterm");
    assertThat(rest.get(Stream.STDERR)).isEmpty();
    assertThat(execs.inspect(exec).exitCode()).isZero();
  }

  @Test
  void resize_execWithoutTerminal_isAConflict() throws Exception {
    String exec = execs.create(id(), config(true, false, "cat"));
    Attachment a = execs.start(exec, false, null);
    assertThatThrownBy(() -> execs.resize(exec, 10, 10)).isInstanceOf(ConflictException.class).hasMessageContaining("no terminal");
    a.closeStdin();
    drain(a);
    assertThatThrownBy(() -> execs.resize(exec, 10, 10)).isInstanceOf(ConflictException.class).hasMessageContaining("not running");
    assertThatThrownBy(() -> execs.start(exec, false, null)).isInstanceOf(ConflictException.class).hasMessageContaining("has already run");
  }

  @Test
  void start_detached_returnsAtOnceAndTracksTheExitCode() throws Exception {
    String exec = execs.create(id(), config(false, false, "sh", "-c", "sleep 0.5; exit 5"));
    assertThat(execs.start(exec, true, null)).isNull();
    assertThat(execs.inspect(exec).running()).isTrue();
    assertThat(execs.execIds(id())).containsExactly(exec);
    await(() -> execs.inspect(exec).pid() > 0);
    long pid = execs.inspect(exec).pid();
    assertThat(containers.runc().ps(id())).contains((int) pid);
    await(() -> !execs.inspect(exec).running());
    assertThat(execs.inspect(exec).exitCode()).isEqualTo(5);
  }

  @Test
  void start_detachedWithTerminal_runsToItsOwnExitCode() throws Exception {
    String exec = execs.create(id(), config(false, true, "sh", "-c", "sleep 0.5; tty > /tmp/tty-of-detached; exit 4"));
    assertThat(execs.start(exec, true, null)).isNull();
    await(() -> !execs.inspect(exec).running());
    assertThat(execs.inspect(exec).exitCode()).isEqualTo(4);
    assertThat(Files.readString(box.rootfs().resolve("tmp/tty-of-detached"))).matches("/dev/pts/\\d+\n");
  }

  @Test
  void run_probe_collectsBothStreamsUpToTheLimit() {
    ExecResult r = execs.run(id(), List.of("sh", "-c", "echo out; echo err >&2; exit 1"), 10_000, 4096);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.timedOut()).isFalse();
    assertThat(r.output()).contains("out\n").contains("err\n");
    assertThat(seen).extracting(Event::action).containsExactly(
        "exec_create: sh -c echo out; echo err >&2; exit 1", "exec_start: sh -c echo out; echo err >&2; exit 1", "exec_die");
    assertThat(seen.getLast().attributes()).containsEntry("exitCode", "1").containsKey("execID");
    assertThat(execs.execIds(id())).isEmpty();

    ExecResult big = execs.run(id(), List.of("sh", "-c", "yes | head -c 100000"), 10_000, 10);
    assertThat(big.output()).isEqualTo("y\ny\ny\ny\ny\n");
    assertThat(big.exitCode()).isZero();
  }

  @Test
  void run_pastTheTimeout_killsTheProcessAndReportsTimedOut() throws Exception {
    long start = System.nanoTime();
    ExecResult r = execs.run(id(), List.of("sh", "-c", "echo started; exec sleep 30"), 500, 4096);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isEqualTo(-1);
    await(() -> containers.runc().ps(id()).size() == 1);
    try (var files = Files.list(containers.execDir())) {
      assertThat(files.toList()).isEmpty();
    }
  }

  @Test
  void close_leavesARunningExecRunning() throws Exception {
    String exec = execs.create(id(), config(false, false, "sleep", "30"));
    execs.start(exec, true, null);
    await(() -> execs.inspect(exec).pid() > 0);
    long pid = execs.inspect(exec).pid();
    execs.close();
    assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
    assertThat(Path.of("/proc", Long.toString(pid))).exists();
  }
}
