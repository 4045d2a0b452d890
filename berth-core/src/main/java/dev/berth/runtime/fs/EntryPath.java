package dev.berth.runtime.fs;

import dev.berth.errors.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cleans a tar entry name (or hardlink target) into components below the extraction directory, as
 * dockerd's unpacker does: a leading "/" is dropped (absolute names are relative to the directory), "."
 * and empty components are skipped, ".." removes the previous component, and a ".." that would climb above
 * the directory is refused, as are NUL bytes and components longer than 255 bytes.
 */
final class EntryPath {
  static final int NAME_MAX = 255;

  private EntryPath() {}

  static List<String> components(String name, String what) {
    List<String> out = new ArrayList<>();
    for (String c : name.split("/")) {
      if (c.isEmpty() || c.equals(".")) continue;
      if (c.equals("..")) {
        if (out.isEmpty()) throw refused(what, name, "points outside the extraction directory");
        out.removeLast();
        continue;
      }
      if (c.indexOf('\0') >= 0) throw refused(what, name, "contains a NUL byte");
      if (c.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
        throw refused(what, name, "has a component longer than " + NAME_MAX + " bytes");
      }
      out.add(c);
    }
    return out;
  }

  /**
   * Refuses a relative symlink target that leads above the extraction directory from where the link sits
   * (dockerd's rule); an absolute target is resolved inside the container, so it is allowed.
   */
  static void checkSymlink(List<String> linkComponents, String target, String name) {
    if (target.isEmpty()) throw refused("symlink", name, "has an empty target");
    if (target.startsWith("/")) return;
    int depth = linkComponents.size() - 1;
    for (String c : target.split("/")) {
      if (c.isEmpty() || c.equals(".")) continue;
      depth += c.equals("..") ? -1 : 1;
      if (depth < 0) throw refused("symlink", name + " -> " + target, "points outside the extraction directory");
    }
  }

  private static InvalidArgumentException refused(String what, String name, String why) {
    return new InvalidArgumentException("extract archive: " + what + " '" + abbreviate(name) + "' " + why);
  }

  static String abbreviate(String name) {
    return name.length() <= 120 ? name : name.substring(0, 60) + "…" + name.substring(name.length() - 40);
  }
}
