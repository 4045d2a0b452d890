package dev.berth.runtime.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PseudoMountsTest {
  @Test
  void parse_mountinfo_keepsKernelFilesystemsOnly() {
    String mountinfo = """
        600 500 0:50 / / rw,relatime - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w
        601 600 0:51 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
        602 600 0:52 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755
        603 602 0:53 / /dev/pts rw,nosuid,noexec,relatime - devpts devpts rw,gid=5,mode=620,ptmxmode=666
        604 600 0:54 / /sys ro,nosuid,nodev,noexec,relatime master:7 - sysfs sysfs ro
        605 604 0:25 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw
        606 600 8:1 /volumes/data /my\\040data rw,relatime - ext4 /dev/sda1 rw
        607 601 0:55 / /proc/acpi ro,relatime - tmpfs tmpfs ro
        """;
    Path root = Path.of("/proc/42/root");
    assertThat(PseudoMounts.parse(mountinfo, root)).containsExactlyInAnyOrder(
        root.resolve("proc"), root.resolve("dev/pts"), root.resolve("sys"), root.resolve("sys/fs/cgroup"));
  }

  @Test
  void under_plainDirectory_hasNone() {
    assertThat(PseudoMounts.under(Path.of("/var/lib/berth/rootfs"))).isEmpty();
    assertThat(PseudoMounts.under(Path.of("/proc/999999999/root"))).isEmpty();
  }

  @Test
  void under_ownProcRoot_findsTheHostsProc() {
    Path self = Path.of("/proc/" + ProcessHandle.current().pid() + "/root");
    assertThat(PseudoMounts.under(self)).contains(self.resolve("proc"), self.resolve("sys"));
  }
}
