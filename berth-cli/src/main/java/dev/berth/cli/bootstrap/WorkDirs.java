package dev.berth.cli.bootstrap;

import dev.berth.sys.Libc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Removes a work directory that debootstrap used: first unmounts whatever is still mounted below it (a
 * failed debootstrap can leave proc or sys mounted), then deletes the tree without following links.
 */
final class WorkDirs {
  private WorkDirs() {}

  static void remove(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    for (Path mount : mountsBelow(dir.toRealPath())) Libc.umount(mount, Libc.MNT_DETACH);
    dev.berth.sys.FileTrees.delete(dir);
  }

  /** Mount points at or below {@code dir}, deepest first, from /proc/self/mountinfo. */
  static List<Path> mountsBelow(Path dir) throws IOException {
    List<Path> mounts = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
      String[] fields = line.split(" ");
      if (fields.length < 5) continue;
      Path point = Path.of(unescape(fields[4]));
      if (point.startsWith(dir)) mounts.add(point);
    }
    mounts.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    return mounts;
  }

  /** mountinfo writes space, tab, newline and backslash as octal escapes. */
  private static String unescape(String field) {
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
  }
}
