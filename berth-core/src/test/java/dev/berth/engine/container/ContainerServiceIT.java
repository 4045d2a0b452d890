package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.Attachment;
import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerService.AttachOptions;
import dev.berth.engine.ContainerService.WaitCondition;
import dev.berth.engine.ContainerService.WaitResult;
import dev.berth.engine.ContainerView;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.RestartPolicy;
import dev.berth.runtime.monitor.LogQuery;
import dev.berth.runtime.monitor.LogRecord;
import dev.berth.runtime.monitor.LogStream;
import dev.berth.runtime.state.Status;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Containers from a busybox image through the real engine: overlay, conmon and runc. */
class ContainerServiceIT {
  private EngineFixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new EngineFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private ContainerService svc() {
    return fixture.containers();
  }

  private static ContainerConfig cmd(String... cmd) {
    return ContainerConfig.of(BasicConfig.of("busybox").withCmd(List.of(cmd)));
  }

  private static WaitResult get(CompletableFuture<WaitResult> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  private String run(ContainerConfig config, int expectedExit) throws Exception {
    String id = svc().create(null, config).id();
    CompletableFuture<WaitResult> exit = svc().waitFor(id, WaitCondition.NEXT_EXIT);
    assertThat(svc().start(id)).isTrue();
    assertThat(get(exit).statusCode()).isEqualTo(expectedExit);
    return id;
  }

  @Test
  void run_echo_logsKeepStdoutAndStderrApartAndExitIs0() throws Exception {
    String id = run(cmd("sh", "-c", "echo hi; echo err >&2"), 0);

    List<LogRecord> records = new ArrayList<>();
    svc().logs(id, LogQuery.ALL, records::add);
    assertThat(records).extracting(LogRecord::stream, LogRecord::text).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(LogStream.STDOUT, "hi"),
        org.assertj.core.groups.Tuple.tuple(LogStream.STDERR, "err"));
    ContainerView v = svc().inspect(id);
    assertThat(v.container().state().status()).isEqualTo(Status.EXITED);
    assertThat(v.container().state().exitCode()).isZero();
    assertThat(v.rootfs()).isNull();
    assertThat(EngineFixture.mountedUnder(fixture.execRoot())).isFalse();
  }

  @Test
  void run_exit3_exitCodeIs3() throws Exception {
    String id = run(cmd("sh", "-c", "exit 3"), 3);

    assertThat(svc().inspect(id).container().state().exitCode()).isEqualTo(3);
  }

  @Test
  void start_commandNotFound_failsWith127AndStaysCreatedWithNothingLeft() throws Exception {
    String id = svc().create(null, cmd("/no/such/binary")).id();

    assertThatThrownBy(() -> svc().start(id)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("no such file or directory");
    ContainerView v = svc().inspect(id);
    assertThat(v.container().state().status()).isEqualTo(Status.CREATED);
    assertThat(v.container().state().exitCode()).isEqualTo(127);
    assertThat(EngineFixture.mountedUnder(fixture.execRoot())).isFalse();
    assertThat(fixture.execRoot().resolve("runc").resolve(id)).doesNotExist();
    assertThat(fixture.execRoot().resolve("conmon").resolve(id)).doesNotExist();
  }

  @Test
  void attach_beforeStart_getsAllOutput() throws Exception {
    String id = svc().create(null, cmd("sh", "-c", "echo one; echo two >&2; echo three")).id();
    Attachment a = svc().attach(id, new AttachOptions(false, true, true, false, true, null));
    CompletableFuture<WaitResult> exit = svc().waitFor(id, WaitCondition.NEXT_EXIT);

    svc().start(id);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (a) {
      for (Optional<Attachment.Frame> f = a.read(); f.isPresent(); f = a.read()) {
        (f.get().stream() == Attachment.Stream.STDOUT ? out : err).write(f.get().data());
      }
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\nthree\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("two\n");
    assertThat(get(exit).statusCode()).isZero();
  }

  /**
   * An attach can reach berthd just after the container's process has ended and its monitor has recorded the exit and
   * closed its socket, but before berthd has taken the exit in: the record still says running. Docker ends such a
   * stream at once; so does Berth. The test makes that moment last: it holds the container's lock (which the exit's
   * handling waits for) while the process is killed and conmon writes the exit file, and attaches from inside it.
   */
  @Test
  void attach_exitNotYetTakenIn_streamEndsWithoutError() throws Exception {
    String id = svc().create(null, cmd("sleep", "1000")).id();
    CompletableFuture<WaitResult> exit = svc().waitFor(id, WaitCondition.NEXT_EXIT);
    svc().start(id);
    long pid = svc().inspect(id).container().state().pid();
    awaitExec(pid, "sleep");
    Lifecycle life = lifecycle();
    dev.berth.runtime.container.ContainerId cid = dev.berth.runtime.container.ContainerId.of(id);
    Optional<Attachment.Frame> read = life.store.withLock(cid, () -> {
      try {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(life.conmon.state(id) instanceof dev.berth.runtime.monitor.MonitorState.Exited)) {
          if (System.nanoTime() > deadline) throw new AssertionError("conmon recorded no exit");
          Thread.sleep(10);
        }
        assertThat(svc().inspect(id).container().state().status()).isEqualTo(Status.RUNNING);
        try (Attachment a = svc().attach(id, new AttachOptions(false, true, true, false, true, null))) {
          return a.read();
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertThat(read).isEmpty();
    assertThat(get(exit).statusCode()).isEqualTo(137);
  }

  /** The engine's container lifecycle, whose store lock the exit's handling takes (a private field: read reflectively). */
  private Lifecycle lifecycle() throws ReflectiveOperationException {
    java.lang.reflect.Field f = LocalContainerService.class.getDeclaredField("life");
    f.setAccessible(true);
    return (Lifecycle) f.get(svc());
  }

  /**
   * Waits until the container's first process runs {@code program}: start returns once runc's init has been
   * told to go, and until its execve a signal reaches runc's init (a Go program that dies of SIGTERM), not the
   * program, which as pid 1 ignores it.
   */
  private static void awaitExec(long pid, String program) throws Exception {
    java.nio.file.Path comm = java.nio.file.Path.of("/proc/" + pid + "/comm");
    for (int i = 0; i < 500; i++) {
      if (java.nio.file.Files.readString(comm).strip().equals(program)) return;
      Thread.sleep(10);
    }
    throw new AssertionError("pid " + pid + " never ran " + program);
  }

  @Test
  void stop_processIgnoringSigterm_takesTheTimeoutThenSigkill137() throws Exception {
    String id = svc().create(null, cmd("sleep", "300")).id();
    svc().start(id);
    awaitExec(svc().inspect(id).container().state().pid(), "sleep");

    long t0 = System.nanoTime();
    assertThat(svc().stop(id, 1, null)).isTrue();
    long ms = (System.nanoTime() - t0) / 1_000_000;

    assertThat(ms).isGreaterThanOrEqualTo(1000);
    ContainerView v = svc().inspect(id);
    assertThat(v.container().state().status()).isEqualTo(Status.EXITED);
    assertThat(v.container().state().exitCode()).isEqualTo(137);
    assertThat(v.container().manuallyStopped()).isTrue();
    assertThat(svc().stop(id, 1, null)).isFalse();
  }

  @Test
  void kill_withSignal_trapDecidesTheExitCode() throws Exception {
    String id = svc().create(null, cmd("sh", "-c", "trap 'exit 7' USR1; while true; do sleep 0.05; done")).id();
    CompletableFuture<WaitResult> exit = svc().waitFor(id, WaitCondition.NEXT_EXIT);
    svc().start(id);
    Thread.sleep(200);

    svc().kill(id, "USR1");

    assertThat(get(exit).statusCode()).isEqualTo(7);
    assertThatThrownBy(() -> svc().kill(id, "KILL")).isInstanceOf(ConflictException.class);
  }

  @Test
  void pauseUnpause_freezeAndThaw() throws Exception {
    String id = svc().create(null, cmd("sleep", "300")).id();
    svc().start(id);

    svc().pause(id);
    assertThat(svc().inspect(id).container().state().status()).isEqualTo(Status.PAUSED);
    assertThat(Files.readString(Path.of("/sys/fs/cgroup/freezer/berth", id, "freezer.state")).strip()).isEqualTo("FROZEN");
    assertThatThrownBy(() -> svc().pause(id)).isInstanceOf(ConflictException.class);

    svc().unpause(id);
    assertThat(svc().inspect(id).container().state().status()).isEqualTo(Status.RUNNING);
    assertThat(Files.readString(Path.of("/sys/fs/cgroup/freezer/berth", id, "freezer.state")).strip()).isEqualTo("THAWED");
  }

  @Test
  void putArchive_runningContainer_isFrozenWhileExtractingThenThawed() throws Exception {
    String id = svc().create(null, cmd("sleep", "300")).id();
    svc().start(id);
    Path freezer = Path.of("/sys/fs/cgroup/freezer/berth", id, "freezer.state");
    List<String> seenWhileReading = new ArrayList<>();
    byte[] tar = oneFileTar("copied.txt", "hello");
    var body = new java.io.ByteArrayInputStream(tar) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        if (seenWhileReading.isEmpty()) {
          try {
            seenWhileReading.add(Files.readString(freezer).strip());
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
        return super.read(b, off, len);
      }
    };

    svc().putArchive(id, "/tmp", body, false, false);

    assertThat(seenWhileReading).containsExactly("FROZEN");
    assertThat(Files.readString(freezer).strip()).isEqualTo("THAWED");
    assertThat(svc().inspect(id).container().state().status()).isEqualTo(Status.RUNNING);
    assertThat(svc().statPath(id, "/tmp/copied.txt").size()).isEqualTo(5);
  }

  @Test
  void putArchive_pausedContainer_staysPaused() throws Exception {
    String id = svc().create(null, cmd("sleep", "300")).id();
    svc().start(id);
    svc().pause(id);

    svc().putArchive(id, "/tmp", new java.io.ByteArrayInputStream(oneFileTar("p.txt", "x")), false, false);

    assertThat(svc().inspect(id).container().state().status()).isEqualTo(Status.PAUSED);
    assertThat(Files.readString(Path.of("/sys/fs/cgroup/freezer/berth", id, "freezer.state")).strip()).isEqualTo("FROZEN");
    svc().unpause(id);
  }

  private static byte[] oneFileTar(String name, String content) throws java.io.IOException {
    var bytes = new ByteArrayOutputStream();
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bytes)) {
      var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
      e.setSize(data.length);
      e.setMode(0644);
      out.putArchiveEntry(e);
      out.write(data);
      out.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  @Test
  void removeForce_running_leavesNoMountRuncStateMonitorOrCgroup() throws Exception {
    String id = svc().create(null, cmd("sleep", "300")).id();
    svc().start(id);
    int monitor = Integer.parseInt(Files.readString(fixture.execRoot().resolve("conmon").resolve(id).resolve("conmon.pid")).strip());
    assertThatThrownBy(() -> svc().remove(id, false, false)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("stop the container before removing or force remove");

    svc().remove(id, true, false);

    assertThatThrownBy(() -> svc().inspect(id)).isInstanceOf(NotFoundException.class);
    assertThat(EngineFixture.mountedUnder(fixture.execRoot())).isFalse();
    assertThat(fixture.execRoot().resolve("runc").resolve(id)).doesNotExist();
    assertThat(fixture.execRoot().resolve("containers").resolve(id)).doesNotExist();
    await(() -> !liveProcess(monitor));
    assertThat(Path.of("/sys/fs/cgroup/memory/berth", id)).doesNotExist();
    assertThat(fixture.engine.snapshotter().stat(ContainerPaths.snapshotKey(dev.berth.runtime.container.ContainerId.of(id)))).isEmpty();
  }

  @Test
  void restartPolicy_onFailure2_restartsTwiceThenStays() throws Exception {
    String id = svc().create(null, cmd("sh", "-c", "exit 1").withRestartPolicy(RestartPolicy.parse("on-failure:2"))).id();
    svc().start(id);

    await(() -> {
      var c = svc().inspect(id).container();
      return c.state().status() == Status.EXITED && c.restartCount() == 2;
    });
    Thread.sleep(500);
    var c = svc().inspect(id).container();
    assertThat(c.state().status()).isEqualTo(Status.EXITED);
    assertThat(c.restartCount()).isEqualTo(2);
    assertThat(c.state().exitCode()).isEqualTo(1);
  }

  @Test
  void autoRemove_exits_containerIsGoneAndRemovedWaitCompletes() throws Exception {
    ContainerConfig base = cmd("sh", "-c", "exit 4");
    ContainerConfig rm = new ContainerConfig(base.basic(), null, null, null, null, null, true);
    String id = svc().create(null, rm).id();
    CompletableFuture<WaitResult> removed = svc().waitFor(id, WaitCondition.REMOVED);

    svc().start(id);

    assertThat(get(removed).statusCode()).isEqualTo(4);
    assertThatThrownBy(() -> svc().inspect(id)).isInstanceOf(NotFoundException.class);
    assertThat(EngineFixture.mountedUnder(fixture.execRoot())).isFalse();
  }

  @Test
  void liveRestore_runningContainerKeepsItsPidAndAnExitedOneShowsItsCode() throws Exception {
    String sleeper = svc().create("sleeper", cmd("sleep", "300")).id();
    String quick = svc().create("quick", cmd("sh", "-c", "sleep 1; exit 5")).id();
    svc().start(sleeper);
    svc().start(quick);
    long pid = svc().inspect(sleeper).container().state().pid();

    fixture.engine.close();
    Thread.sleep(1500);
    fixture.engine = fixture.open();

    ContainerView s = svc().inspect("sleeper");
    assertThat(s.container().state().status()).isEqualTo(Status.RUNNING);
    assertThat(s.container().state().pid()).isEqualTo(pid);
    ContainerView q = svc().inspect("quick");
    assertThat(q.container().state().status()).isEqualTo(Status.EXITED);
    assertThat(q.container().state().exitCode()).isEqualTo(5);
    assertThat(svc().stop(sleeper, 1, null)).isTrue();
    assertThat(svc().inspect(sleeper).container().state().exitCode()).isEqualTo(137);
  }

  @Test
  void init_runsTiniAsPid1InFrontOfTheCommand() throws Exception {
    ContainerConfig base = cmd("sh", "-c", "tr '\\0' ' ' < /proc/1/cmdline; exit 6");
    ContainerConfig withInit = new ContainerConfig(base.basic(), null, null, null, null, null, false, true, (String) null);

    String id = run(withInit, 6);

    StringBuilder out = new StringBuilder();
    svc().logs(id, LogQuery.ALL, r -> out.append(r.text()) != null);
    assertThat(out.toString()).startsWith("/sbin/docker-init -- sh -c");
  }

  @Test
  void create_nameTaken_conflictAndNothingLeft() throws Exception {
    svc().create("web", cmd("true"));
    List<String> before = snapshots();

    assertThatThrownBy(() -> svc().create("web", cmd("true"))).isInstanceOf(ConflictException.class)
        .hasMessageContaining("is already in use");
    assertThat(snapshots()).isEqualTo(before);
  }

  @Test
  void create_unknownImage_notFound() {
    assertThatThrownBy(() -> svc().create(null, ContainerConfig.of(BasicConfig.of("nosuchimage"))))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("nosuchimage");
  }

  private List<String> snapshots() {
    List<String> out = new ArrayList<>();
    fixture.engine.snapshotter().walk(s -> out.add(s.name()));
    return out.stream().sorted().toList();
  }

  /** Whether {@code pid} exists and is not a zombie (conmon's parent is init, which reaps when it likes). */
  private static boolean liveProcess(int pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (java.io.IOException gone) {
      return false;
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(50);
    }
  }
}
