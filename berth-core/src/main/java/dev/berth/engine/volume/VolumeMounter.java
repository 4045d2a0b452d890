package dev.berth.engine.volume;

import dev.berth.sys.Libc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Mounts a volume's device over its {@code _data} directory and takes it away again. An interface so the
 * reference counting can be tested without root; {@link #KERNEL} is the real one.
 */
interface VolumeMounter {
  void mount(LocalOptions options, Path target) throws IOException;

  void unmount(Path target) throws IOException;

  /** Whether something is mounted exactly at {@code path} (after a daemon restart a mount may still be there). */
  boolean isMountPoint(Path path) throws IOException;

  VolumeMounter KERNEL = new VolumeMounter() {
    @Override
    public void mount(LocalOptions o, Path target) throws IOException {
      Libc.mount(o.device(), target, o.fsType(), o.flags(), o.data());
      // The kernel ignores MS_RDONLY on a new bind: read-only takes a remount, as mount(8) does it.
      if (o.bind() && (o.flags() & LocalOptions.MS_RDONLY) != 0) {
        try {
          Libc.mount(o.device(), target, null, o.flags() | LocalOptions.MS_REMOUNT, null);
        } catch (IOException e) {
          Libc.umount(target, Libc.MNT_DETACH);
          throw e;
        }
      }
    }

    @Override
    public void unmount(Path target) throws IOException {
      Libc.umount(target, Libc.MNT_DETACH);
    }

    @Override
    public boolean isMountPoint(Path path) throws IOException {
      String wanted = path.toAbsolutePath().normalize().toString();
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
        String[] fields = line.split(" ");
        if (fields.length > 4 && unescape(fields[4]).equals(wanted)) return true;
      }
      return false;
    }
  };

  /** mountinfo writes space, tab, newline and backslash as {@code \ooo} octal escapes. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\\' && octal(b, i + 1)) {
        out.write((b[i + 1] - '0') * 64 + (b[i + 2] - '0') * 8 + (b[i + 3] - '0'));
        i += 3;
      } else {
        out.write(b[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean octal(byte[] b, int from) {
    if (from + 3 > b.length) return false;
    for (int i = from; i < from + 3; i++) if (b[i] < '0' || b[i] > '7') return false;
    return true;
  }
}
