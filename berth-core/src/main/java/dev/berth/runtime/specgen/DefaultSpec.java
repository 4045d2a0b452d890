package dev.berth.runtime.specgen;

import dev.berth.runtime.spec.Linux;
import dev.berth.runtime.spec.Linux.Namespace;
import dev.berth.runtime.spec.Mount;
import dev.berth.runtime.spec.Process;
import dev.berth.runtime.spec.Resources;
import dev.berth.runtime.spec.Resources.DeviceRule;
import dev.berth.runtime.spec.Root;
import dev.berth.runtime.spec.Spec;
import java.util.List;

/**
 * The spec every container starts from, with Docker's defaults: the default capabilities, masked and
 * read-only /proc and /sys paths, the standard mounts, a device cgroup that denies everything but the usual
 * character devices, and new pid, ipc, uts, mount, network and cgroup namespaces. No seccomp filter and no
 * rlimits yet: those depend on the container's capabilities and on the host, so {@link SpecGenerator} adds
 * them.
 */
public final class DefaultSpec {
  private DefaultSpec() {}

  /** Docker's PATH for an image that sets none. */
  public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** Hidden from the container: bound over with /dev/null (files) or an empty read-only tmpfs (directories). */
  public static final List<String> MASKED_PATHS = List.of(
      "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
      "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

  /** Visible but remounted read-only: the kernel knobs that are not namespaced. */
  public static final List<String> READONLY_PATHS = List.of(
      "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  public static final List<String> NAMESPACES = List.of("pid", "ipc", "uts", "mount", "network", "cgroup");

  public static final List<Mount> MOUNTS = List.of(
      Mount.of("/proc", "proc", "proc", "nosuid", "noexec", "nodev"),
      Mount.of("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
      Mount.of("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"),
      Mount.of("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"),
      Mount.of("/sys/fs/cgroup", "cgroup", "cgroup", "ro", "nosuid", "noexec", "nodev"),
      Mount.of("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
      Mount.of("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=67108864"));

  /**
   * Deny every device, then allow mknod of any, and use of null, zero, full, random, urandom, tty, console,
   * ptmx, the pty slaves (136:*) and tun. runc creates the nodes themselves.
   */
  public static final List<DeviceRule> DEVICE_RULES = List.of(
      new DeviceRule(false, null, null, null, "rwm"),
      new DeviceRule(true, "c", null, null, "m"),
      new DeviceRule(true, "b", null, null, "m"),
      chr(1, 3), chr(1, 5), chr(1, 7), chr(1, 8), chr(1, 9), chr(5, 0), chr(5, 1), chr(5, 2),
      new DeviceRule(true, "c", 136L, null, "rwm"),
      chr(10, 200));

  private static DeviceRule chr(long major, long minor) {
    return new DeviceRule(true, "c", major, minor, "rwm");
  }

  public static Spec create() {
    Process process = new Process(false, Process.User.ROOT, List.of("/bin/sh"), List.of("PATH=" + DEFAULT_PATH), "/",
        Process.Capabilities.of(CapabilitySet.DEFAULT), List.of(), false, null, null);
    Linux linux = new Linux(
        NAMESPACES.stream().map(Namespace::create).toList(), null, null,
        Resources.NONE.withDevices(DEVICE_RULES), null, null, MASKED_PATHS, READONLY_PATHS);
    return new Spec(Spec.OCI_VERSION, process, new Root("rootfs", false), null, MOUNTS, null, null, linux);
  }
}
