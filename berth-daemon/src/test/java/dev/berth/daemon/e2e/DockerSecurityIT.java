package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Docker's security defaults as a process inside a berth container sees them, and what flags change. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerSecurityIT {
  /** Docker's default capability set as /proc/self/status prints it. */
  private static final String DOCKER_DEFAULT_CAPS = "00000000a80425fb";

  private ContainerDaemon d;

  @BeforeAll
  void start() throws Exception {
    d = ContainerDaemon.start();
  }

  @AfterEach
  void clean() throws Exception {
    d.removeAll();
  }

  @AfterAll
  void stop() throws Exception {
    if (d != null) d.close();
  }

  private String field(String status, String name) {
    return status.lines().filter(l -> l.startsWith(name + ":")).findFirst().orElseThrow().substring(name.length() + 1).strip();
  }

  @Test
  void defaults_dockersCapsSeccompAndMaskedProc() throws Exception {
    String status = d.ok("run", "--rm", "busybox", "cat", "/proc/self/status").out();
    assertThat(field(status, "CapEff")).isEqualTo(DOCKER_DEFAULT_CAPS);
    assertThat(field(status, "CapBnd")).isEqualTo(DOCKER_DEFAULT_CAPS);
    assertThat(field(status, "Seccomp")).isEqualTo("2");
    assertThat(d.ok("run", "--rm", "busybox", "cat", "/proc/timer_list").out()).isEmpty();
    assertThat(d.docker("run", "--rm", "busybox", "sh", "-c", "echo x > /proc/sys/kernel/domainname").exit()).isNotZero();
    var mount = d.docker("run", "--rm", "busybox", "mount", "-t", "tmpfs", "none", "/mnt");
    assertThat(mount.exit()).isNotZero();
    // the device cgroup lets a container make device nodes but not open the host's disks through them
    String disk = rootDisk();
    var read = d.docker("run", "--rm", "busybox", "sh", "-c", "mknod /tmp/disk b " + disk + " && head -c1 /tmp/disk >/dev/null");
    assertThat(read.exit()).as(read.both()).isNotZero();
    assertThat(read.err()).contains("Operation not permitted");
    assertThat(d.ok("run", "--rm", "--privileged", "busybox", "sh", "-c", "mknod /tmp/disk b " + disk + " && head -c1 /tmp/disk | wc -c").out().strip()).isEqualTo("1");
  }

  /** "major minor" of the host's first disk, from /proc/partitions. */
  private static String rootDisk() throws Exception {
    return Files.readAllLines(Path.of("/proc/partitions")).stream().skip(2).map(String::strip).filter(l -> !l.isEmpty())
        .map(l -> l.split("\\s+")).map(f -> f[0] + " " + f[1]).findFirst().orElseThrow();
  }

  @Test
  void privileged_liftsCapsSeccompAndMasks() throws Exception {
    String hostCaps = field(Files.readString(Path.of("/proc/self/status")), "CapEff");
    String status = d.ok("run", "--rm", "--privileged", "busybox", "cat", "/proc/self/status").out();
    assertThat(field(status, "CapEff")).isEqualTo(hostCaps);
    assertThat(field(status, "Seccomp")).isEqualTo("0");
    assertThat(d.ok("run", "--rm", "--privileged", "busybox", "sh", "-c", "mount -t tmpfs none /mnt && echo mounted").out()).isEqualTo("mounted\n");
  }

  @Test
  void capAddDrop_readOnly_noNewPrivileges() throws Exception {
    String dropped = field(d.ok("run", "--rm", "--cap-drop", "chown", "busybox", "cat", "/proc/self/status").out(), "CapEff");
    assertThat(Long.parseLong(dropped, 16)).isEqualTo(Long.parseLong(DOCKER_DEFAULT_CAPS, 16) & ~1L);
    String added = field(d.ok("run", "--rm", "--cap-add", "NET_ADMIN", "busybox", "cat", "/proc/self/status").out(), "CapEff");
    assertThat(Long.parseLong(added, 16)).isEqualTo(Long.parseLong(DOCKER_DEFAULT_CAPS, 16) | (1L << 12));
    assertThat(d.docker("run", "--rm", "--read-only", "busybox", "touch", "/x").err()).contains("Read-only file system");
    assertThat(d.ok("run", "--rm", "--read-only", "--tmpfs", "/tmp", "busybox", "touch", "/tmp/x").exit()).isZero();
    String nnp = field(d.ok("run", "--rm", "--security-opt", "no-new-privileges", "busybox", "cat", "/proc/self/status").out(), "NoNewPrivs");
    assertThat(nnp).isEqualTo("1");
  }

  @Test
  void limits_memoryPidsCpusReachTheCgroup() throws Exception {
    String id = d.ok("run", "-d", "-m", "32m", "--pids-limit", "50", "--cpus", "0.5", "busybox", "sleep", "300").out().strip();
    assertThat(Files.readString(Path.of("/sys/fs/cgroup/memory/berth", id, "memory.limit_in_bytes")).strip()).isEqualTo(Long.toString(32L << 20));
    assertThat(Files.readString(Path.of("/sys/fs/cgroup/pids/berth", id, "pids.max")).strip()).isEqualTo("50");
    assertThat(Files.readString(Path.of("/sys/fs/cgroup/cpu,cpuacct/berth", id, "cpu.cfs_quota_us")).strip()).isEqualTo("50000");
    var bad = d.docker("run", "--rm", "--ulimit", "nofile=999999:999999", "busybox", "true");
    assertThat(bad.exit()).isEqualTo(125);
    assertThat(bad.err()).contains("nofile");
  }
}
