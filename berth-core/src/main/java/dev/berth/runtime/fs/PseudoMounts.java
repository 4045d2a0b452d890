package dev.berth.runtime.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kernel filesystems (proc, sysfs, cgroup, devpts, mqueue, …) mounted in a running container. When the
 * rootfs given to {@link RootfsArchive} is {@code /proc/<pid>/root}, the container's own view with its
 * volumes and tmpfs mounts, these are listed from {@code /proc/<pid>/mountinfo} so that an archive of
 * {@code /} holds them as empty directories, as a copy of a stopped container's rootfs does, instead of
 * walking /proc and /sys. Any other rootfs has none.
 */
final class PseudoMounts {
  private static final Pattern PROC_ROOT = Pattern.compile("/proc/(\\d+)/root/?");
  private static final Set<String> KERNEL_FS = Set.of("proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue",
      "debugfs", "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl", "binfmt_misc", "autofs");

  private PseudoMounts() {}

  /** Host paths (under {@code rootfs}) whose contents an archive leaves out. */
  static Set<Path> under(Path rootfs) {
    Matcher m = PROC_ROOT.matcher(rootfs.toString());
    if (!m.matches()) return Set.of();
    try {
      return parse(Files.readString(Path.of("/proc", m.group(1), "mountinfo")), rootfs);
    } catch (NoSuchFileException gone) {
      return Set.of();
    } catch (IOException e) {
      return Set.of(); // without the table the archive is only bigger, never wrong about files
    }
  }

  /** mountinfo: "36 35 98:0 /root /mnt/point rw,… shared:1 - fstype source rw,…"; points are octal-escaped. */
  static Set<Path> parse(String mountinfo, Path rootfs) {
    Set<Path> out = new HashSet<>();
    for (String line : mountinfo.split("\n")) {
      int dash = line.indexOf(" - ");
      if (dash < 0) continue;
      String[] left = line.substring(0, dash).split(" ");
      String[] right = line.substring(dash + 3).split(" ");
      if (left.length < 5 || right.length < 1 || !KERNEL_FS.contains(right[0])) continue;
      String point = unescape(left[4]);
      if (point.equals("/")) continue;
      out.add(rootfs.resolve(point.substring(1)));
    }
    return out;
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
