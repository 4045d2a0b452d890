package dev.berth.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kernel's mount table ({@code /proc/self/mountinfo}), read to answer one question before a snapshot directory
 * is deleted or committed: is anything still mounted from it? A directory is in use when a mount point lies inside
 * it, when an overlay names it (or a directory inside it) as upper, work or lower directory, or when a bind mount's
 * root lies inside it.
 */
final class MountTable {
  /** One line of mountinfo, paths unescaped. {@code root} is the mounted path within its filesystem. */
  record Entry(String device, String root, Path mountPoint, String fsType, String source, List<String> superOptions) {
    Entry {
      superOptions = List.copyOf(superOptions);
    }
  }

  private final List<Entry> entries;

  MountTable(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  static MountTable read() throws IOException {
    return parse(Files.readAllLines(Path.of("/proc/self/mountinfo")));
  }

  static MountTable parse(List<String> lines) {
    List<Entry> out = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) continue;
      String[] f = line.split(" ");
      int dash = Arrays.asList(f).indexOf("-");
      if (dash < 6 || f.length < dash + 4) throw new IllegalArgumentException("malformed mountinfo line: " + line);
      List<String> superOptions = new ArrayList<>();
      for (String o : f[dash + 3].split(",")) superOptions.add(unescape(o));
      out.add(new Entry(f[2], unescape(f[3]), Path.of(unescape(f[4])), f[dash + 1], unescape(f[dash + 2]),
          superOptions));
    }
    return new MountTable(out);
  }

  List<Entry> entries() {
    return entries;
  }

  /** The mount points that use {@code dir} or anything inside it; empty when the directory is free. */
  List<Path> usersOf(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    String device = null;
    Path inFs = null;
    Entry home = containing(abs);
    if (home != null) {
      device = home.device();
      inFs = Path.of(home.root()).resolve(home.mountPoint().relativize(abs).toString()).normalize();
    }
    List<Path> users = new ArrayList<>();
    for (Entry e : entries) {
      boolean uses = e.mountPoint().startsWith(abs)
          || namesDirectory(e, abs)
          || (e != home && e.device().equals(device) && Path.of(e.root()).startsWith(inFs));
      if (uses) users.add(e.mountPoint());
    }
    return users;
  }

  /** The mount whose mount point is the longest prefix of {@code abs}: the filesystem that holds it. */
  private Entry containing(Path abs) {
    Entry best = null;
    for (Entry e : entries) {
      if (abs.startsWith(e.mountPoint())
          && (best == null || e.mountPoint().getNameCount() >= best.mountPoint().getNameCount())) {
        best = e;
      }
    }
    return best;
  }

  private static boolean namesDirectory(Entry e, Path abs) {
    if (!e.fsType().equals("overlay")) return false;
    for (String option : e.superOptions()) {
      int eq = option.indexOf('=');
      if (eq < 0) continue;
      for (String value : option.substring(eq + 1).split("(?<!\\\\):")) {
        String path = value.replace("\\:", ":");
        if (path.startsWith("/") && Path.of(path).normalize().startsWith(abs)) return true;
      }
    }
    return false;
  }

  /** Undoes mountinfo's octal escapes ({@code \040} for a space, {@code \134} for a backslash). */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
    byte[] raw = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\\' && isOctal(raw, i + 1)) {
        out.write((raw[i + 1] - '0') * 64 + (raw[i + 2] - '0') * 8 + (raw[i + 3] - '0'));
        i += 3;
      } else {
        out.write(raw[i]);
      }
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static boolean isOctal(byte[] s, int from) {
    if (from + 3 > s.length) return false;
    for (int i = from; i < from + 3; i++) if (s[i] < '0' || s[i] > '7') return false;
    return true;
  }
}
