package dev.berth.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.ConflictException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.specgen.ContainerOptions;
import dev.berth.runtime.specgen.HostFacts;
import dev.berth.runtime.specgen.ProcessOptions;
import dev.berth.runtime.specgen.ResourceOptions;
import dev.berth.runtime.specgen.SeccompMode;
import dev.berth.runtime.specgen.SecurityOptions;
import dev.berth.runtime.specgen.SpecGenerator;
import dev.berth.runtime.specgen.StorageOptions;
import dev.berth.runtime.specgen.Ulimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs generated specs through the real runc on a busybox rootfs and checks, from inside the container,
 * that Docker's defaults hold: capabilities, masked and read-only paths, seccomp, rlimits, cgroup limits.
 * Every container, cgroup and directory made here is removed in {@link #cleanUp()}.
 */
class RuncIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final List<String> CGROUP_CONTROLLERS =
      List.of("memory", "pids", "cpu", "cpuacct", "cpuset", "blkio", "devices", "freezer", "systemd", "unified");

  private static Path work;
  private static Path rootfs;
  private static Runc runc;
  private final List<String> ids = new ArrayList<>();
  private final SpecGenerator generator = new SpecGenerator(HostFacts.current());

  @BeforeAll
  static void setUp() throws Exception {
    work = Files.createTempDirectory("berth-runc-it-");
    rootfs = Files.createDirectories(work.resolve("rootfs"));
    BusyboxRootfs.populate(rootfs);
    runc = Runc.atExecRoot(work.resolve("exec"));
  }

  @AfterAll
  static void removeWork() throws IOException {
    deleteTree(work);
    for (String controller : CGROUP_CONTROLLERS) {
      try {
        Files.deleteIfExists(Path.of("/sys/fs/cgroup", controller, "berth"));
      } catch (java.nio.file.FileSystemException inUse) {
        // another test's containers still live under /berth: theirs to clean
      }
    }
  }

  @AfterEach
  void cleanUp() throws IOException {
    for (String id : ids) {
      try {
        runc.delete(id, true);
      } catch (NotFoundException alreadyGone) {
        // run without --keep deletes it itself
      }
      for (String controller : CGROUP_CONTROLLERS) {
        Files.deleteIfExists(Path.of("/sys/fs/cgroup", controller, "berth", id));
      }
      deleteTree(work.resolve("bundles").resolve(id));
    }
    ids.clear();
  }

  private ContainerOptions options(String... cmd) {
    String id = "berth-it-" + UUID.randomUUID().toString().substring(0, 8);
    ids.add(id);
    return ContainerOptions.of(id, ProcessOptions.command(cmd), StorageOptions.rootfs(rootfs));
  }

  private Path bundle(ContainerOptions options) throws IOException {
    Spec spec = generator.generate(options);
    Path bundle = Files.createDirectories(work.resolve("bundles").resolve(options.id()));
    Files.write(bundle.resolve("config.json"), spec.toJson());
    return bundle;
  }

  private RunResult run(ContainerOptions options) throws IOException {
    return runc.run(options.id(), bundle(options), TIMEOUT, false);
  }

  private String status(ContainerOptions options) throws IOException {
    return run(options.withProcess(ProcessOptions.command("cat", "/proc/self/status"))).stdout();
  }

  @Test
  void run_shellExits3_returnsExitCode3() throws IOException {
    assertThat(run(options("sh", "-c", "exit 3")).exitCode()).isEqualTo(3);
  }

  @Test
  void run_echo_returnsItsStdout() throws IOException {
    RunResult r = run(options("echo", "hello", "berth"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo("hello berth\n");
  }

  @Test
  void run_defaults_effectiveCapabilitiesAreDockers() throws IOException {
    assertThat(status(options("true"))).contains("CapEff:\t00000000a80425fb").contains("CapBnd:\t00000000a80425fb");
  }

  @Test
  void run_capAddAndDrop_changeTheEffectiveMask() throws IOException {
    ContainerOptions o = options("true");
    o = o.withSecurity(SecurityOptions.DEFAULT.withCapAdd(List.of("net_admin")).withCapDrop(List.of("CAP_MKNOD")));
    // 0xa80425fb + NET_ADMIN (bit 12) - MKNOD (bit 27)
    assertThat(status(o)).contains("CapEff:\t00000000a00435fb");
  }

  @Test
  void run_defaults_procKcoreIsMaskedAndProcSysReadOnly() throws IOException {
    // Some kernels (this VM's) have no /proc/kcore at all; where it exists it must read as empty.
    RunResult kcore = run(options("sh", "-c", "wc -c < /proc/kcore 2>/dev/null || echo absent"));
    assertThat(kcore.stdout().strip()).isIn("0", "absent");
    assertThat(Files.size(Path.of("/proc/timer_list")) + Files.readString(Path.of("/proc/timer_list")).length()).isPositive();
    RunResult timerList = run(options("sh", "-c", "wc -c < /proc/timer_list"));
    assertThat(timerList.stdout().strip()).isEqualTo("0");
    RunResult sys = run(options("sh", "-c", "echo 1 > /proc/sys/vm/drop_caches"));
    assertThat(sys.exitCode()).isNotZero();
    assertThat(sys.stderr()).contains("Read-only file system");
  }

  @Test
  void run_defaults_seccompFilterBlocksUserNamespaces() throws IOException {
    RunResult blocked = run(options("unshare", "-U", "true"));
    assertThat(blocked.exitCode()).isNotZero();
    assertThat(blocked.stderr()).contains("Operation not permitted");
    assertThat(status(options("true"))).contains("Seccomp:\t2");

    ContainerOptions unconfined = options("unshare", "-U", "true");
    unconfined = unconfined.withSecurity(SecurityOptions.DEFAULT.withSeccomp(new SeccompMode.Unconfined()));
    assertThat(run(unconfined).exitCode()).isZero();
  }

  /**
   * The filter must not break ordinary programs: the host's own bash, apt, perl and JDK (which spawns
   * threads through clone3, answered ENOSYS so it falls back to clone) run in a container whose root
   * is made of read-only binds of the host's /usr, /etc and /var/lib.
   */
  @Test
  void run_defaultSeccomp_letsBashAptPerlAndJavaRun() throws IOException {
    Path hostRoot = Files.createDirectories(work.resolve("hostroot"));
    List<StorageOptions.BindMount> binds = new ArrayList<>();
    for (String dir : List.of("usr", "etc", "var/lib", "bin", "lib", "lib64", "sbin")) {
      Path host = Path.of("/", dir);
      if (Files.isSymbolicLink(host)) {
        Files.createSymbolicLink(hostRoot.resolve(dir), Files.readSymbolicLink(host));
      } else if (Files.isDirectory(host)) {
        Files.createDirectories(hostRoot.resolve(dir));
        binds.add(new StorageOptions.BindMount(host, "/" + dir, true));
      }
    }
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ContainerOptions o = options("bash", "-c",
        "echo bash=$BASH_VERSION; apt-get --version | head -1; perl -e 'print qq(perl ok\\n)'; "
            + javaBin + " -version 2>&1 | head -1; grep Seccomp: /proc/self/status");
    o = o.withStorage(StorageOptions.rootfs(hostRoot).withBinds(binds).withTmpfs(java.util.Map.of("/tmp", "exec")))
        .withSecurity(SecurityOptions.DEFAULT.withReadOnlyRootfs(true));
    RunResult r = run(o);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("bash=5", "apt ", "perl ok", "version \"25", "Seccomp:\t2");
  }

  @Test
  void run_defaults_mountFailsWithEperm() throws IOException {
    RunResult r = run(options("mount", "-t", "tmpfs", "x", "/mnt"));
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("ermission denied");
  }

  @Test
  void run_readOnlyRootfs_rejectsWritesButTmpfsWorks() throws IOException {
    ContainerOptions o = options("sh", "-c", "touch /etc/berth-probe; echo rc=$?; touch /run/ok && echo tmpfs-ok");
    o = o.withSecurity(SecurityOptions.DEFAULT.withReadOnlyRootfs(true))
        .withStorage(StorageOptions.rootfs(rootfs).withTmpfs(java.util.Map.of("/run", "size=1m")));
    Files.createDirectories(rootfs.resolve("run"));
    RunResult r = run(o);
    assertThat(r.stdout()).contains("rc=1").contains("tmpfs-ok");
    assertThat(r.stderr()).contains("Read-only file system");
    assertThat(rootfs.resolve("etc/berth-probe")).doesNotExist();
  }

  @Test
  void run_privileged_liftsCapabilitiesMasksAndSeccomp() throws IOException {
    ContainerOptions o = options("sh", "-c", "grep -E '^(CapEff|Seccomp):' /proc/self/status; grep -c timer_list /proc/self/mountinfo");
    o = o.withSecurity(SecurityOptions.DEFAULT.withPrivileged(true));
    RunResult r = run(o);
    String hostMask = Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("CapBnd:")).findFirst().orElseThrow().substring("CapBnd:".length()).strip();
    assertThat(r.stdout()).contains("CapEff:\t" + hostMask).contains("Seccomp:\t0");
    assertThat(r.stdout().strip()).endsWith("\n0");

    RunResult unprivileged = run(options("grep", "-c", "timer_list", "/proc/self/mountinfo"));
    assertThat(unprivileged.stdout().strip()).isEqualTo("1");
  }

  @Test
  void run_defaults_nofileIsCappedByTheHostHardLimit() throws IOException {
    long hostHard = HostFacts.current().hardLimit("RLIMIT_NOFILE");
    RunResult r = run(options("sh", "-c", "ulimit -n; ulimit -Hn"));
    assertThat(r.exitCode()).isZero();
    long expectedHard = hostHard == -1 ? 1_048_576 : Math.min(1_048_576, hostHard);
    assertThat(r.stdout()).isEqualTo("1024\n" + expectedHard + "\n");

    ContainerOptions o = options("sh", "-c", "ulimit -n; ulimit -Hn");
    o = o.withResources(ResourceOptions.NONE.withUlimits(List.of(Ulimit.parse("nofile=2048:4096"))));
    assertThat(run(o).stdout()).isEqualTo("2048\n4096\n");
  }

  @Test
  void run_user_resolvesAgainstTheRootfsAndDropsCapabilities() throws IOException {
    ContainerOptions o = options("sh", "-c", "id; echo HOME=$HOME; grep CapEff /proc/self/status");
    o = o.withProcess(o.process().withUser("app"));
    RunResult r = run(o);
    assertThat(r.stdout())
        .contains("uid=1000(app) gid=1000(app) groups=1000(app),2000(extra)")
        .contains("HOME=/home/app")
        .contains("CapEff:\t0000000000000000");
  }

  @Test
  void createStart_memoryAndPidsLimits_appearInTheContainersCgroup() throws IOException {
    ContainerOptions o = options("sleep", "60");
    o = o.withResources(ResourceOptions.NONE.withMemory(64L << 20).withPidsLimit(50L));
    runc.create(o.id(), bundle(o), CreateOptions.DEFAULT);
    runc.start(o.id());
    Path memory = Path.of("/sys/fs/cgroup/memory/berth", o.id(), "memory.limit_in_bytes");
    Path pids = Path.of("/sys/fs/cgroup/pids/berth", o.id(), "pids.max");
    assertThat(Files.readString(memory).strip()).isEqualTo(Long.toString(64L << 20));
    assertThat(Files.readString(pids).strip()).isEqualTo("50");
  }

  @Test
  void lifecycle_createStartPauseResumeKillDelete_followsRuncStates() throws Exception {
    ContainerOptions o = options("sleep", "60");
    Path pidFile = work.resolve("bundles").resolve(o.id() + ".pid");
    runc.create(o.id(), bundle(o), CreateOptions.DEFAULT.withPidFile(pidFile));
    RuncState created = runc.state(o.id());
    assertThat(created.statusValue()).isEqualTo(RuncState.Status.CREATED);
    assertThat(created.pid()).isEqualTo(Integer.parseInt(Files.readString(pidFile).strip()));
    assertThat(runc.list()).extracting(RuncState::id).contains(o.id());

    runc.start(o.id());
    assertThat(runc.state(o.id()).statusValue()).isEqualTo(RuncState.Status.RUNNING);
    assertThat(runc.ps(o.id())).contains(created.pid());
    runc.pause(o.id());
    assertThat(runc.state(o.id()).statusValue()).isEqualTo(RuncState.Status.PAUSED);
    runc.resume(o.id());
    assertThat(runc.state(o.id()).statusValue()).isEqualTo(RuncState.Status.RUNNING);

    runc.kill(o.id(), "KILL", false);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (runc.state(o.id()).statusValue() != RuncState.Status.STOPPED && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(runc.state(o.id()).statusValue()).isEqualTo(RuncState.Status.STOPPED);
    runc.delete(o.id(), false);
    assertThatThrownBy(() -> runc.state(o.id())).isInstanceOf(NotFoundException.class).hasMessageContaining(o.id());
  }

  @Test
  void exec_inRunningContainer_returnsOutputAndExitCode() throws IOException {
    ContainerOptions o = options("sleep", "60");
    Path bundle = bundle(o);
    runc.create(o.id(), bundle, CreateOptions.DEFAULT);
    runc.start(o.id());
    Spec spec = Spec.fromJson(Files.readAllBytes(bundle.resolve("config.json")));
    Path process = bundle.resolve("exec.json");
    Files.write(process, dev.berth.oci.Json.write(
        spec.process().withArgs(List.of("sh", "-c", "echo from-exec; hostname; exit 7"))));
    RunResult r = runc.exec(o.id(), process, TIMEOUT);
    assertThat(r.exitCode()).isEqualTo(7);
    assertThat(r.stdout()).isEqualTo("from-exec\n" + o.effectiveHostname() + "\n");

    Files.write(process, dev.berth.oci.Json.write(spec.process().withArgs(List.of("sleep", "30"))));
    Path pidFile = bundle.resolve("exec.pid");
    runc.execDetached(o.id(), process, CreateOptions.DEFAULT.withPidFile(pidFile));
    int pid = Integer.parseInt(Files.readString(pidFile).strip());
    assertThat(runc.ps(o.id())).contains(pid);
  }

  @Test
  void run_networkModes_privateHasOnlyLoopbackHostSharesTheHosts() throws IOException {
    List<String> hostInterfaces;
    try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
      hostInterfaces = links.map(p -> p.getFileName().toString()).sorted().toList();
    }
    RunResult isolated = run(options("ls", "/sys/class/net"));
    assertThat(isolated.stdout().lines().toList()).containsExactly("lo");

    ContainerOptions host = options("ls", "/sys/class/net");
    host = host.withNetwork(new dev.berth.runtime.specgen.NetworkMode.Host());
    assertThat(run(host).stdout().lines().sorted().toList()).isEqualTo(hostInterfaces);
  }

  /** The device cgroup lets a container make any node but open only the standard devices. */
  @Test
  void run_deviceCgroup_deniesHostBlockDevicesUnlessPrivileged() throws IOException {
    String device;
    try (Stream<Path> blocks = Files.list(Path.of("/sys/dev/block"))) {
      device = blocks.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
    }
    String script = "mknod /dev/blk b " + device.replace(':', ' ') + " && head -c 1 /dev/blk > /dev/null && echo opened";
    RunResult denied = run(options("sh", "-c", script));
    assertThat(denied.stdout()).doesNotContain("opened");
    assertThat(denied.stderr()).contains("Operation not permitted");

    ContainerOptions privileged = options("sh", "-c", script);
    privileged = privileged.withSecurity(SecurityOptions.DEFAULT.withPrivileged(true));
    assertThat(run(privileged).stdout()).contains("opened");
  }

  @Test
  void errors_carryRuncsMessageAndMapToBerthErrors() throws IOException {
    assertThatThrownBy(() -> runc.state("berth-it-missing"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("berth-it-missing");

    ContainerOptions o = options("sleep", "60");
    Path bundle = bundle(o);
    runc.create(o.id(), bundle, CreateOptions.DEFAULT);
    assertThatThrownBy(() -> runc.create(o.id(), bundle, CreateOptions.DEFAULT))
        .isInstanceOf(ConflictException.class).hasMessageContaining(o.id());

    ContainerOptions missing = options("/no/such/program");
    assertThatThrownBy(() -> run(missing))
        .isInstanceOf(SystemException.class).hasMessageContaining("/no/such/program");
  }

  static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
