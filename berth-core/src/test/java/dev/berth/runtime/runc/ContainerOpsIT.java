package dev.berth.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.runtime.cgroups.CgroupStats;
import dev.berth.runtime.spec.Resources;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.specgen.ContainerOptions;
import dev.berth.runtime.specgen.HostFacts;
import dev.berth.runtime.specgen.ProcessOptions;
import dev.berth.runtime.specgen.ResourceOptions;
import dev.berth.runtime.specgen.SpecGenerator;
import dev.berth.runtime.specgen.StorageOptions;
import dev.berth.runtime.top.ProcessTop;
import dev.berth.runtime.fs.RootfsArchive;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * top, stats and update on a real runc container (busybox rootfs, limits set at create). The container, its
 * cgroups and the work directory are removed after each test, whatever happens.
 */
class ContainerOpsIT {
  private static final List<String> CONTROLLERS =
      List.of("memory", "pids", "cpu", "cpuacct", "cpuset", "blkio", "devices", "freezer", "systemd", "unified");

  private static Path work;
  private static Path rootfs;
  private static Runc runc;
  private String id;

  @BeforeAll
  static void setUp() throws Exception {
    work = Files.createTempDirectory("berth-ops-it-");
    rootfs = Files.createDirectories(work.resolve("rootfs"));
    BusyboxRootfs.populate(rootfs);
    runc = Runc.atExecRoot(work.resolve("exec"));
  }

  @AfterAll
  static void removeWork() throws IOException {
    RuncIT.deleteTree(work);
  }

  /** A running container: a short CPU burst, then sleep; 64 MiB of memory and 50 pids. */
  @BeforeEach
  void start() throws IOException {
    id = "berth-ops-" + UUID.randomUUID().toString().substring(0, 8);
    ContainerOptions o = ContainerOptions.of(id,
        ProcessOptions.command("sh", "-c", "i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done; exec sleep 120"),
        StorageOptions.rootfs(rootfs))
        .withResources(ResourceOptions.NONE.withMemory(64L << 20).withPidsLimit(50L));
    Spec spec = new SpecGenerator(HostFacts.current()).generate(o);
    Path bundle = Files.createDirectories(work.resolve("bundles").resolve(id));
    Files.write(bundle.resolve("config.json"), spec.toJson());
    runc.create(id, bundle, CreateOptions.DEFAULT);
    runc.start(id);
  }

  @AfterEach
  void cleanUp() throws IOException {
    try {
      runc.delete(id, true);
    } catch (NotFoundException gone) {
      // deleted by the test
    }
    for (String controller : CONTROLLERS) {
      Files.deleteIfExists(Path.of("/sys/fs/cgroup", controller, "berth", id));
      try {
        Files.deleteIfExists(Path.of("/sys/fs/cgroup", controller, "berth"));
      } catch (java.nio.file.FileSystemException inUse) {
        // other tests' containers still live under /berth
      }
    }
    RuncIT.deleteTree(work.resolve("bundles").resolve(id));
  }

  private static String cgroupFile(String controller, String id, String file) throws IOException {
    return Files.readString(Path.of("/sys/fs/cgroup", controller, "berth", id, file)).strip();
  }

  @Test
  void top_runningContainer_listsItsProcessesOnly() throws InterruptedException {
    List<Integer> pids = awaitSleep();
    ProcessTop.Table table = ProcessTop.top(pids, null);
    assertThat(table.titles()).startsWith("UID", "PID", "PPID");
    assertThat(table.rows()).singleElement().satisfies(r -> assertThat(r.getLast()).isEqualTo("sleep 120"));

    ProcessTop.Table custom = ProcessTop.top(pids, "-o pid,comm");
    assertThat(custom.titles()).containsExactly("PID", "COMMAND");
    assertThat(custom.rows()).singleElement().satisfies(r -> assertThat(r).containsExactly(pids.getFirst().toString(), "sleep"));
    assertThatThrownBy(() -> ProcessTop.top(pids, "--no-such-option")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("ps --no-such-option: ");
  }

  @Test
  void stats_runningContainer_readsItsCgroup() throws InterruptedException {
    awaitSleep();
    CgroupStats.Sample s = CgroupStats.read("/berth/" + id);
    assertThat(s.memoryLimit()).isEqualTo(64L << 20);
    assertThat(s.memoryRawUsage()).isPositive();
    assertThat(s.memoryUsage()).isPositive().isLessThanOrEqualTo(s.memoryRawUsage());
    assertThat(s.pids()).isEqualTo(1);
    assertThat(s.pidsLimit()).isEqualTo(50);
    assertThat(s.cpuTotalNanos()).isPositive();
    assertThat(s.systemCpuNanos()).isGreaterThan(s.cpuTotalNanos());
    assertThat(s.onlineCpus()).isPositive();

    runc.delete(id, true);
    CgroupStats.Sample gone = CgroupStats.read("/berth/" + id);
    assertThat(gone.pids()).isZero();
    assertThat(gone.cpuTotalNanos()).isZero();
  }

  @Test
  void update_memoryCpuAndPids_changeTheLiveCgroup() throws IOException {
    Resources r = Resources.NONE
        .withMemory(new Resources.Memory(128L << 20, null, 256L << 20))
        .withCpu(new Resources.Cpu(512L, 50_000L, 100_000L, null, null))
        .withPids(new Resources.Pids(20));
    runc.update(id, r);

    assertThat(cgroupFile("memory", id, "memory.limit_in_bytes")).isEqualTo(Long.toString(128L << 20));
    assertThat(cgroupFile("memory", id, "memory.memsw.limit_in_bytes")).isEqualTo(Long.toString(256L << 20));
    assertThat(cgroupFile("cpu", id, "cpu.cfs_quota_us")).isEqualTo("50000");
    assertThat(cgroupFile("cpu", id, "cpu.cfs_period_us")).isEqualTo("100000");
    assertThat(cgroupFile("cpu", id, "cpu.shares")).isEqualTo("512");
    assertThat(cgroupFile("pids", id, "pids.max")).isEqualTo("20");
    CgroupStats.Sample s = CgroupStats.read("/berth/" + id);
    assertThat(s.memoryLimit()).isEqualTo(128L << 20);
    assertThat(s.pidsLimit()).isEqualTo(20);

    runc.update(id, Resources.NONE.withPids(new Resources.Pids(30))); // the others stay as they are
    assertThat(cgroupFile("pids", id, "pids.max")).isEqualTo("30");
    assertThat(cgroupFile("memory", id, "memory.limit_in_bytes")).isEqualTo(Long.toString(128L << 20));
    assertThat(cgroupFile("cpu", id, "cpu.cfs_quota_us")).isEqualTo("50000");
  }

  /**
   * {@code /proc/<pid>/root} is the container's own view: its procfs is visible there (and not in the plain
   * rootfs), a copy into it lands in the container, and an archive of / leaves the kernel filesystems empty.
   */
  @Test
  void archive_procRootOfRunningContainer_isTheContainersView() throws Exception {
    List<Integer> pids = awaitSleep();
    Path view = Path.of("/proc/" + runc.state(id).pid() + "/root");
    assertThat(RootfsArchive.stat(view, "/proc/1/status").name()).isEqualTo("status");
    assertThatThrownBy(() -> RootfsArchive.stat(rootfs, "/proc/1/status")).isInstanceOf(NotFoundException.class);

    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      TarArchiveEntry e = new TarArchiveEntry("copied-" + id + ".txt");
      e.setSize(6);
      out.putArchiveEntry(e);
      out.write("copied".getBytes());
      out.closeArchiveEntry();
    }
    Path copied = rootfs.resolve("tmp/copied-" + id + ".txt");
    try {
      RootfsArchive.extract(view, "/tmp", new ByteArrayInputStream(tar.toByteArray()), false, null);
      assertThat(copied).hasContent("copied");
    } finally {
      Files.deleteIfExists(copied);
    }

    ByteArrayOutputStream all = new ByteArrayOutputStream();
    RootfsArchive.write(view, "/", all);
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(all.toByteArray()))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) names.add(e.getName());
    }
    assertThat(names).contains("./", "./bin/busybox", "./proc/", "./sys/", "./etc/passwd");
    assertThat(names).noneMatch(n -> n.startsWith("./proc/") && !n.equals("./proc/"));
    assertThat(names).noneMatch(n -> n.startsWith("./sys/") && !n.equals("./sys/"));
    assertThat(pids).isNotEmpty();
  }

  @Test
  void update_unknownContainer_isNotFound() {
    assertThatThrownBy(() -> runc.update("berth-ops-missing", Resources.NONE.withPids(new Resources.Pids(5))))
        .isInstanceOf(NotFoundException.class);
  }

  /** The pids of the container once its shell has exec'ed sleep (after the CPU burst). */
  private List<Integer> awaitSleep() throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<Integer> pids = runc.ps(id);
      if (pids.size() == 1 && ProcessTop.top(pids, "-o pid,comm").rows().stream().anyMatch(r -> r.getLast().equals("sleep"))) {
        return pids;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("container " + id + " never reached its sleep");
  }
}
