package dev.berth.runtime.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cgroup v1 and v2 trees, /proc/stat, meminfo and the CPU list as fixture files in a temp dir. */
class CgroupStatsTest {
  @TempDir Path dir;
  private Path cgroups;
  private CgroupStats stats;

  @BeforeEach
  void host() throws IOException {
    cgroups = Files.createDirectories(dir.resolve("cgroup"));
    Path proc = Files.createDirectories(dir.resolve("proc"));
    write(proc.resolve("stat"), """
        cpu  100 5 20 300 4 0 1 7 0 0
        cpu0 50 2 10 150 2 0 1 3 0 0
        intr 12345
        """);
    write(proc.resolve("meminfo"), "MemTotal:       1000 kB\nMemFree:         500 kB\n");
    write(dir.resolve("online"), "0-1,4\n");
    stats = new CgroupStats(cgroups, proc, dir.resolve("online"));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private void v1(String controller, String file, String text) throws IOException {
    write(cgroups.resolve(controller).resolve("berth/c1").resolve(file), text);
  }

  @Test
  void sample_v1_readsEveryControllerAndSubtractsInactiveFile() throws IOException {
    v1("memory", "memory.usage_in_bytes", "500000\n");
    v1("memory", "memory.limit_in_bytes", "262144\n");
    v1("memory", "memory.stat", "cache 4096\ninactive_file 1000\ntotal_inactive_file 100000\n");
    v1("cpuacct", "cpuacct.usage", "123456789\n");
    v1("cpuacct", "cpuacct.usage_user", "100000000\n");
    v1("cpuacct", "cpuacct.usage_sys", "23456789\n");
    v1("pids", "pids.current", "3\n");
    v1("pids", "pids.max", "50\n");
    v1("blkio", "blkio.throttle.io_service_bytes_recursive",
        "8:0 Read 4096\n8:0 Write 512\n8:0 Sync 0\n8:16 Read 1\n8:16 Write 2\nTotal 4611\n");

    CgroupStats.Sample s = stats.sample("/berth/c1");

    assertThat(stats.unified()).isFalse();
    assertThat(s.memoryRawUsage()).isEqualTo(500_000);
    assertThat(s.memoryUsage()).isEqualTo(400_000);
    assertThat(s.memoryLimit()).isEqualTo(262_144);
    assertThat(s.memoryStat()).containsEntry("cache", 4096L);
    assertThat(s.cpuTotalNanos()).isEqualTo(123_456_789);
    assertThat(s.cpuUserNanos()).isEqualTo(100_000_000);
    assertThat(s.cpuKernelNanos()).isEqualTo(23_456_789);
    assertThat(s.systemCpuNanos()).isEqualTo((100 + 5 + 20 + 300 + 4 + 0 + 1) * 10_000_000L);
    assertThat(s.onlineCpus()).isEqualTo(3);
    assertThat(s.pids()).isEqualTo(3);
    assertThat(s.pidsLimit()).isEqualTo(50);
    assertThat(s.blockRead()).isEqualTo(4097);
    assertThat(s.blockWrite()).isEqualTo(514);
    assertThat(s.read()).isNotNull();
  }

  @Test
  void sample_v1Unlimited_reportsTheHostsMemoryAndNoPidsLimit() throws IOException {
    v1("memory", "memory.usage_in_bytes", "4096\n");
    v1("memory", "memory.limit_in_bytes", "9223372036854771712\n");
    v1("pids", "pids.max", "max\n");
    CgroupStats.Sample s = stats.sample("/berth/c1");
    assertThat(s.memoryLimit()).isEqualTo(1000 * 1024);
    assertThat(s.memoryUsage()).isEqualTo(4096);
    assertThat(s.pidsLimit()).isZero();
  }

  @Test
  void sample_v1CfqFile_winsOverThrottle() throws IOException {
    v1("blkio", "blkio.io_service_bytes_recursive", "8:0 Read 10\n8:0 Write 20\nTotal 30\n");
    v1("blkio", "blkio.throttle.io_service_bytes_recursive", "8:0 Read 999\n8:0 Write 999\n");
    CgroupStats.Sample s = stats.sample("/berth/c1");
    assertThat(s.blockRead()).isEqualTo(10);
    assertThat(s.blockWrite()).isEqualTo(20);
  }

  @Test
  void sample_v2_readsTheUnifiedTree() throws IOException {
    write(cgroups.resolve("cgroup.controllers"), "cpu io memory pids\n");
    Path c = cgroups.resolve("berth/c1");
    write(c.resolve("memory.current"), "8192\n");
    write(c.resolve("memory.max"), "max\n");
    write(c.resolve("memory.stat"), "anon 4096\nfile 4096\ninactive_file 2048\n");
    write(c.resolve("cpu.stat"), "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 0\n");
    write(c.resolve("pids.current"), "2\n");
    write(c.resolve("pids.max"), "100\n");
    write(c.resolve("io.stat"), "8:0 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n253:0 rbytes=1 wbytes=2 rios=1 wios=1\n");

    CgroupStats.Sample s = stats.sample("/berth/c1");

    assertThat(stats.unified()).isTrue();
    assertThat(s.memoryUsage()).isEqualTo(6144);
    assertThat(s.memoryLimit()).isEqualTo(1000 * 1024);
    assertThat(s.cpuTotalNanos()).isEqualTo(1_500_000);
    assertThat(s.cpuUserNanos()).isEqualTo(1_000_000);
    assertThat(s.cpuKernelNanos()).isEqualTo(500_000);
    assertThat(s.pids()).isEqualTo(2);
    assertThat(s.pidsLimit()).isEqualTo(100);
    assertThat(s.blockRead()).isEqualTo(101);
    assertThat(s.blockWrite()).isEqualTo(202);
  }

  @Test
  void sample_cgroupGone_givesZerosButTheHostFigures() {
    CgroupStats.Sample s = stats.sample("/berth/stopped");
    assertThat(s.memoryUsage()).isZero();
    assertThat(s.cpuTotalNanos()).isZero();
    assertThat(s.pids()).isZero();
    assertThat(s.blockRead()).isZero();
    assertThat(s.systemCpuNanos()).isPositive();
    assertThat(s.onlineCpus()).isEqualTo(3);
  }

  @Test
  void sample_pathThatClimbs_isRefused() {
    assertThatThrownBy(() -> stats.sample("/berth/../../etc")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("invalid cgroups path");
    assertThatThrownBy(() -> stats.sample("berth/c1")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("must be absolute");
  }

  @Test
  void read_thisHostsRootCgroup_hasHostFigures() {
    CgroupStats.Sample s = CgroupStats.read("/berth/berth-test-missing");
    assertThat(s.onlineCpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(s.systemCpuNanos()).isPositive();
    assertThat(s.cpuTotalNanos()).isZero();
  }
}
