package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Docker's security defaults as a process inside a berth container sees them, and what flags change. */
class DockerSecurityIT extends DaemonTestBase {
  /** Docker's default capability set as /proc/self/status prints it. */
  private static final String DOCKER_DEFAULT_CAPS = "00000000a80425fb";

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
    var mount = d.docker("run", "--rm", "busybox", "mount", "-t", "tmpfs", "none", "/tmp");
    assertThat(mount.exit()).isNotZero();
    // the device cgroup lets a container make device nodes but not open devices outside Docker's list (kmsg is 1:11)
    var open = d.docker("run", "--rm", "busybox", "sh", "-c", "mknod /tmp/kmsg c 1 11 && exec 3</tmp/kmsg");
    assertThat(open.exit()).as(open.both()).isNotZero();
    assertThat(open.err()).contains("Operation not permitted");
    assertThat(d.ok("run", "--rm", "--privileged", "busybox", "sh", "-c", "mknod /tmp/kmsg c 1 11 && exec 3</tmp/kmsg && echo opened").out()).isEqualTo("opened\n");
  }

  @Test
  void privileged_liftsCapsSeccompAndMasks() throws Exception {
    String hostCaps = field(Files.readString(Path.of("/proc/self/status")), "CapEff");
    String status = d.ok("run", "--rm", "--privileged", "busybox", "cat", "/proc/self/status").out();
    assertThat(field(status, "CapEff")).isEqualTo(hostCaps);
    assertThat(field(status, "Seccomp")).isEqualTo("0");
    // Docker gives a privileged container the host's devices
    assertThat(d.ok("run", "--rm", "--privileged", "busybox", "ls", "/dev").out().lines().toList()).contains("kmsg", "loop-control");
    assertThat(d.ok("run", "--rm", "--privileged", "busybox", "sh", "-c", "mount -t tmpfs none /tmp && echo mounted").out()).isEqualTo("mounted\n");
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

  /**
   * The default filter covers the i386 system call ABI only for a root filesystem with an i386 userland: an i386
   * program in an x86-64 busybox is killed at its first system call (SIGSYS, 159), and runs once the i386 loader
   * is there too.
   */
  @Test
  void seccomp_i386Abi_onlyForAnI386Userland() throws Exception {
    Path dir = Files.createTempDirectory("berth-i386");
    try {
      Path program = Files.write(dir.resolve("exit42"), dev.berth.runtime.bundle.I386Elf.exit(42));
      Files.setPosixFilePermissions(program, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      Path lib = Files.createDirectories(dir.resolve("lib"));
      Files.writeString(lib.resolve("ld-linux.so.2"), "not used, only present");
      d.ok("create", "--name", "i386-plain", "busybox", "/exit42");
      d.ok("cp", program.toString(), "i386-plain:/exit42");
      var plain = d.docker("start", "-a", "i386-plain");
      assertThat(plain.exit()).as(plain.both()).isEqualTo(159);
      d.ok("create", "--name", "i386-loader", "busybox", "/exit42");
      d.ok("cp", program.toString(), "i386-loader:/exit42");
      d.ok("cp", lib.toString(), "i386-loader:/lib");
      assertThat(d.docker("start", "-a", "i386-loader").exit()).isEqualTo(42);
    } finally {
      d.docker("rm", "-f", "i386-plain", "i386-loader");
      dev.berth.sys.FileTrees.delete(dir);
    }
  }

  /**
   * Likewise for x32: an x32 system call in an x86-64 busybox is outside the filter and kills the process (SIGSYS,
   * 159); with the x32 loader in the image the filter covers x32, and the call returns (exit 42 where the kernel
   * runs x32 programs, or ENOSYS and then the program's x86-64 exit, 43).
   */
  @Test
  void seccomp_x32Abi_onlyForAnX32Userland() throws Exception {
    Path dir = Files.createTempDirectory("berth-x32");
    try {
      Path program = Files.write(dir.resolve("exit42"), dev.berth.runtime.bundle.X32Elf.exit(42));
      Files.setPosixFilePermissions(program, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      Path lib = Files.createDirectories(dir.resolve("libx32"));
      Files.writeString(lib.resolve("ld-linux-x32.so.2"), "not used, only present");
      d.ok("create", "--name", "x32-plain", "busybox", "/exit42");
      d.ok("cp", program.toString(), "x32-plain:/exit42");
      var plain = d.docker("start", "-a", "x32-plain");
      assertThat(plain.exit()).as(plain.both()).isEqualTo(159);
      d.ok("create", "--name", "x32-loader", "busybox", "/exit42");
      d.ok("cp", program.toString(), "x32-loader:/exit42");
      d.ok("cp", lib.toString(), "x32-loader:/libx32");
      assertThat(d.docker("start", "-a", "x32-loader").exit()).isIn(42, 43);
    } finally {
      d.docker("rm", "-f", "x32-plain", "x32-loader");
      dev.berth.sys.FileTrees.delete(dir);
    }
  }

  /** A --rm container's root overlay is mounted volatile (no sync at unmount); a kept container's is not. */
  @Test
  void rootOverlay_volatileOnlyForRm() throws Exception {
    String rm = d.ok("run", "--rm", "busybox", "grep", " / / ", "/proc/self/mountinfo").out();
    assertThat(rm).contains("overlay").contains("volatile");
    String kept = d.ok("run", "--name", "kept-root", "busybox", "grep", " / / ", "/proc/self/mountinfo").out();
    d.ok("rm", "kept-root");
    assertThat(kept).contains("overlay").doesNotContain("volatile");
  }

  /** The v1 cpu controller: mounted alone here, as cpu,cpuacct elsewhere. */
  private static Path cpuController() {
    Path alone = Path.of("/sys/fs/cgroup/cpu");
    return Files.isDirectory(alone) ? alone : Path.of("/sys/fs/cgroup/cpu,cpuacct");
  }

  @Test
  void limits_memoryPidsCpusReachTheCgroup() throws Exception {
    String id = d.ok("run", "-d", "-m", "32m", "--pids-limit", "50", "--cpus", "0.5", "busybox", "sleep", "300").out().strip();
    assertThat(Files.readString(Path.of("/sys/fs/cgroup/memory/berth", id, "memory.limit_in_bytes")).strip()).isEqualTo(Long.toString(32L << 20));
    assertThat(Files.readString(Path.of("/sys/fs/cgroup/pids/berth", id, "pids.max")).strip()).isEqualTo("50");
    assertThat(Files.readString(cpuController().resolve("berth").resolve(id).resolve("cpu.cfs_quota_us")).strip()).isEqualTo("50000");
    var bad = d.docker("run", "--rm", "--ulimit", "nofile=999999:999999", "busybox", "true");
    assertThat(bad.exit()).isEqualTo(125);
    assertThat(bad.err()).contains("nofile");
  }
}
