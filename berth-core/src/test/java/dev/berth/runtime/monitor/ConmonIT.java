package dev.berth.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.SystemException;
import dev.berth.runtime.runc.BusyboxRootfs;
import dev.berth.runtime.runc.RuncState;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.specgen.ContainerOptions;
import dev.berth.runtime.specgen.HostFacts;
import dev.berth.runtime.specgen.ProcessOptions;
import dev.berth.runtime.specgen.SpecGenerator;
import dev.berth.runtime.specgen.StorageOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs busybox containers under the real conmon and runc. Every container, monitor, cgroup and directory
 * made here is removed in {@link #cleanUp()} and {@link #removeWork()}, also when a test fails.
 */
class ConmonIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final List<String> CGROUP_CONTROLLERS =
      List.of("memory", "pids", "cpu", "cpuacct", "cpuset", "blkio", "devices", "freezer", "systemd", "unified");

  private static Path work;
  private static Path rootfs;
  private final List<String> ids = new ArrayList<>();
  private final SpecGenerator generator = new SpecGenerator(HostFacts.current());
  private Conmon conmon;

  @BeforeAll
  static void setUp() throws Exception {
    work = Files.createTempDirectory("berth-conmon-it-");
    rootfs = Files.createDirectories(work.resolve("rootfs"));
    BusyboxRootfs.populate(rootfs);
  }

  @AfterAll
  static void removeWork() throws IOException {
    Conmon.deleteTree(work);
    for (String controller : CGROUP_CONTROLLERS) {
      try {
        Files.deleteIfExists(Path.of("/sys/fs/cgroup", controller, "berth"));
      } catch (IOException inUse) {
        // other tests' containers still live under /berth: theirs to clean
      }
    }
  }

  @AfterEach
  void cleanUp() throws IOException {
    Conmon cleaner = Conmon.atExecRoot(work.resolve("exec"));
    for (String id : ids) {
      try {
        cleaner.remove(id);
      } finally {
        for (String controller : CGROUP_CONTROLLERS) {
          try {
            Files.deleteIfExists(Path.of("/sys/fs/cgroup", controller, "berth", id));
          } catch (IOException busy) {
            // a cgroup still populated is reported by the next run's leftovers; keep cleaning the rest
          }
        }
        Conmon.deleteTree(work.resolve("bundles").resolve(id));
      }
    }
    ids.clear();
  }

  private Conmon conmon() {
    if (conmon == null) {
      conmon = Conmon.atExecRoot(work.resolve("exec"));
    }
    return conmon;
  }

  /** A bundle running {@code cmd}; returns the monitor spec with the log beside the bundle. */
  private MonitorSpec container(boolean tty, String... cmd) throws IOException {
    String id = "berth-it-" + UUID.randomUUID().toString().substring(0, 8);
    ids.add(id);
    ContainerOptions options = ContainerOptions.of(id, ProcessOptions.command(cmd).withTty(tty), StorageOptions.rootfs(rootfs));
    Spec spec = generator.generate(options);
    Path bundle = Files.createDirectories(work.resolve("bundles").resolve(id));
    Files.write(bundle.resolve("config.json"), spec.toJson());
    return MonitorSpec.of(id, bundle, bundle.resolve("container.log")).withTerminal(tty);
  }

  @Test
  void run_echoesAndExits3_exitCodeIs3AndLogKeepsStdoutAndStderrApart() throws IOException {
    MonitorSpec spec = container(false, "sh", "-c", "echo hi; echo err >&2; exit 3");
    Instant before = Instant.now().minusSeconds(1);

    conmon().run(spec);
    MonitorState end = conmon().awaitExit(spec.id(), TIMEOUT);

    assertThat(end).isInstanceOfSatisfying(MonitorState.Exited.class, e -> {
      assertThat(e.exitCode()).isEqualTo(3);
      assertThat(e.finishedAt()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
    });
    List<LogRecord> all = new K8sFileLogReader(spec.logPath()).read(LogQuery.ALL);
    assertThat(all).extracting(LogRecord::stream, LogRecord::line)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(LogStream.STDOUT, "hi\n"),
            org.assertj.core.groups.Tuple.tuple(LogStream.STDERR, "err\n"));
    List<LogRecord> stdout = new K8sFileLogReader(spec.logPath())
        .read(LogQuery.ALL.withStreams(java.util.Set.of(LogStream.STDOUT)));
    assertThat(stdout).extracting(LogRecord::text).containsExactly("hi");
  }

  @Test
  void run_sleep_outlivesItsLauncherAndAFreshInstanceFindsItThenKillGives137() throws Exception {
    MonitorSpec spec = container(false, "sleep", "300");
    MonitorState.Running started = conmon().run(spec);

    long self = ProcessHandle.current().pid();
    assertThat(ProcessTable.parentOf(started.monitorPid())).isPresent();
    assertThat(ProcessTable.parentOf(started.monitorPid()).getAsInt()).isNotEqualTo((int) self);
    assertThat(sessionOf(started.monitorPid())).isNotEqualTo(sessionOf((int) self));

    Conmon restarted = Conmon.atExecRoot(work.resolve("exec"));
    assertThat(restarted.list()).contains(spec.id());
    assertThat(restarted.state(spec.id())).isEqualTo(started);
    RuncState runc = restarted.runc().state(spec.id());
    assertThat(runc.statusValue()).isEqualTo(RuncState.Status.RUNNING);
    assertThat(runc.pid()).isEqualTo(started.pid());

    restarted.runc().kill(spec.id(), "KILL", false);
    MonitorState end = restarted.awaitExit(spec.id(), TIMEOUT);
    assertThat(end).isInstanceOfSatisfying(MonitorState.Exited.class, e -> assertThat(e.exitCode()).isEqualTo(137));
    assertThat(Conmon.atExecRoot(work.resolve("exec")).state(spec.id())).isEqualTo(end);
  }

  @Test
  void run_launcherJvmDies_containerKeepsRunningAndIsFoundWithItsPid() throws Exception {
    // A shell with a TERM trap: as pid 1 of its namespace, a bare sleep would ignore SIGTERM.
    MonitorSpec spec = container(false, "sh", "-c", "trap 'exit 143' TERM; sleep 300 & wait");
    String javaBin = ProcessHandle.current().info().command().orElseThrow();
    Process launcher = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
        LaunchThenDie.class.getName(), work.resolve("exec").toString(), spec.id(), spec.bundle().toString(),
        spec.logPath().toString())
        .redirectErrorStream(true).start();
    String out = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(launcher.exitValue()).as("launcher output: %s", out).isZero();
    String[] pids = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
    assertThat(launcher.toHandle().isAlive()).isFalse();

    MonitorState found = conmon().state(spec.id());
    assertThat(found).isEqualTo(new MonitorState.Running(Integer.parseInt(pids[0]), Integer.parseInt(pids[1])));
    assertThat(conmon().runc().state(spec.id()).statusValue()).isEqualTo(RuncState.Status.RUNNING);
    conmon().runc().kill(spec.id(), "TERM", false);
    assertThat(conmon().awaitExit(spec.id(), TIMEOUT))
        .isInstanceOfSatisfying(MonitorState.Exited.class, e -> assertThat(e.exitCode()).isEqualTo(143));
  }

  /**
   * conmon shortens its own link to the attach socket by one byte when the link's path is exactly 107 bytes
   * long; Berth makes that link itself, so the socket is found at every length.
   */
  @Test
  void attach_socketLinkPathOf107Bytes_isFound() throws Exception {
    MonitorSpec spec = container(false, "echo", "at-107");
    int rest = work.toString().length() + "/".length() + "/sock/".length() + spec.id().length();
    Path execRoot = work.resolve("x".repeat(107 - rest));
    Conmon atLength = Conmon.atExecRoot(execRoot);
    assertThat(atLength.files(spec.id()).socketLink().toString()).hasSize(107);
    atLength.create(spec);
    try (AttachSession session = atLength.attach(spec.id())) {
      atLength.start(spec.id());
      Map<LogStream, ByteArrayOutputStream> got = new EnumMap<>(LogStream.class);
      readUntil(session, got, "at-107\n", "");
      assertThat(atLength.awaitExit(spec.id(), TIMEOUT)).isInstanceOf(MonitorState.Exited.class);
    } finally {
      atLength.remove(spec.id()); // kills the monitor and the container if the test failed half-way
    }
  }

  @Test
  void attach_withStdin_readsBothStreamsSeparatelyAndFeedsStdin() throws Exception {
    MonitorSpec spec = container(false, "sh", "-c",
        "echo ready; while read l; do echo \"out $l\"; echo \"err $l\" >&2; done; exit 5").withStdin(true);
    conmon().create(spec);
    try (AttachSession session = conmon().attach(spec.id())) {
      conmon().start(spec.id());
      Map<LogStream, ByteArrayOutputStream> got = new EnumMap<>(LogStream.class);
      readUntil(session, got, "ready\n", "");
      session.writeStdin("abc\n".getBytes(StandardCharsets.UTF_8));
      readUntil(session, got, "ready\nout abc\n", "err abc\n");
      session.closeStdin();
      assertThat(drain(session, got)).isTrue();
      assertThat(got.get(LogStream.STDOUT).toString(StandardCharsets.UTF_8)).isEqualTo("ready\nout abc\n");
      assertThat(got.get(LogStream.STDERR).toString(StandardCharsets.UTF_8)).isEqualTo("err abc\n");
    }
    assertThat(conmon().awaitExit(spec.id(), TIMEOUT))
        .isInstanceOfSatisfying(MonitorState.Exited.class, e -> assertThat(e.exitCode()).isEqualTo(5));
  }

  @Test
  void resize_terminalContainer_sttySeesTheNewSize() throws Exception {
    MonitorSpec spec = container(true, "sh", "-c", "read x; stty size").withStdin(true);
    conmon().create(spec);
    try (AttachSession session = conmon().attach(spec.id())) {
      conmon().start(spec.id());
      conmon().resize(spec.id(), 33, 101);
      session.writeStdin("go\n".getBytes(StandardCharsets.UTF_8));
      Map<LogStream, ByteArrayOutputStream> got = new EnumMap<>(LogStream.class);
      drain(session, got);
      assertThat(got.get(LogStream.STDOUT).toString(StandardCharsets.UTF_8)).contains("33 101");
      assertThat(got).doesNotContainKey(LogStream.STDERR);
    }
    assertThat(conmon().awaitExit(spec.id(), TIMEOUT))
        .isInstanceOfSatisfying(MonitorState.Exited.class, e -> assertThat(e.exitCode()).isZero());
  }

  @Test
  void followLogs_runningContainer_receivesLinesWrittenLaterAndEndsWhenItExits() throws Exception {
    MonitorSpec spec = container(false, "sh", "-c", "echo one; sleep 1; echo two >&2; sleep 1; echo three");
    conmon().run(spec);
    List<String> lines = new ArrayList<>();
    new K8sFileLogReader(spec.logPath(), Duration.ofMillis(20)).stream(LogQuery.ALL.withFollow(true),
        () -> conmon().state(spec.id()) instanceof MonitorState.Running,
        r -> lines.add(r.stream().wireName() + ":" + r.text()));
    assertThat(lines).containsExactly("stdout:one", "stderr:two", "stdout:three");
  }

  @Test
  void rotate_whileContainerWrites_keepsGenerationsAndLosesNoLine() throws Exception {
    MonitorSpec spec = container(false, "sh", "-c",
        "i=0; while [ $i -lt 30 ]; do echo line$i; i=$((i+1)); sleep 0.05; done; echo done >&2");
    conmon().run(spec);
    LogRotator rotator = new LogRotator(conmon());
    Thread.sleep(500);
    rotator.rotate(spec.id(), spec.logPath(), 3);
    Thread.sleep(500);
    assertThat(rotator.rotateIfFull(spec.id(), spec.logPath(), 1, 3)).isTrue();
    List<String> texts = new ArrayList<>();
    new K8sFileLogReader(spec.logPath(), Duration.ofMillis(20)).stream(LogQuery.ALL.withFollow(true),
        () -> true, r -> texts.add(r.text()) && !r.text().equals("done"));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      expected.add("line" + i);
    }
    expected.add("done");
    assertThat(texts).isEqualTo(expected);
    assertThat(LogRotator.generation(spec.logPath(), 1)).exists();
    assertThat(LogRotator.generation(spec.logPath(), 2)).exists();
    assertThat(Files.readString(LogRotator.generation(spec.logPath(), 2))).contains("line0");
  }

  @Test
  void create_missingExecutable_failsWithRuncsMessageAndLeavesNoContainer() throws IOException {
    MonitorSpec spec = container(false, "/no/such/binary");
    assertThatThrownBy(() -> conmon().run(spec))
        .isInstanceOf(SystemException.class)
        .hasMessageContaining("create container " + spec.id())
        .hasMessageContaining("/no/such/binary");
    assertThat(conmon().runc().list()).extracting(RuncState::id).doesNotContain(spec.id());
    assertThat(conmon().state(spec.id())).isInstanceOf(MonitorState.Unknown.class);
  }

  private static void readUntil(AttachSession s, Map<LogStream, ByteArrayOutputStream> got, String out, String err)
      throws IOException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!text(got, LogStream.STDOUT).equals(out) || !text(got, LogStream.STDERR).equals(err)) {
      assertThat(System.nanoTime()).as("output so far: %s", got).isLessThan(deadline);
      Optional<AttachSession.Frame> f = s.read(TIMEOUT.toMillis());
      assertThat(f).as("stream ended early; so far: %s", got).isPresent();
      got.computeIfAbsent(f.get().stream(), k -> new ByteArrayOutputStream()).writeBytes(f.get().data());
    }
  }

  /** Reads until conmon closes the socket; true when it did. */
  private static boolean drain(AttachSession s, Map<LogStream, ByteArrayOutputStream> got) throws IOException {
    while (true) {
      Optional<AttachSession.Frame> f = s.read(TIMEOUT.toMillis());
      if (f.isEmpty()) {
        return true;
      }
      got.computeIfAbsent(f.get().stream(), k -> new ByteArrayOutputStream()).writeBytes(f.get().data());
    }
  }

  private static String text(Map<LogStream, ByteArrayOutputStream> got, LogStream s) {
    ByteArrayOutputStream b = got.get(s);
    return b == null ? "" : b.toString(StandardCharsets.UTF_8);
  }

  private static String sessionOf(int pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3];
  }
}
