package dev.berth.image.archive;

import dev.berth.errors.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * An archive unpacked into a scratch directory by {@link ArchiveExtractor}: plain files and directories
 * only, so any path inside it can be opened without following a link out of it.
 */
record ExtractedArchive(Path root) {

  /** Whether the archive has a regular file of that name. */
  boolean has(String name) {
    return Files.isRegularFile(root.resolve(name), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * The file an archive document names (a path in {@code manifest.json}), checked to stay inside the
   * archive and to exist. {@code role} says what it is for error messages ("config of busybox:latest").
   */
  Path file(String name, String role) {
    if (name == null || name.isEmpty()) {
      throw new InvalidArgumentException("load: manifest.json gives no file for the " + role);
    }
    String normalized = normalize(name);
    if (normalized == null) {
      throw new InvalidArgumentException("load: manifest.json names \"" + name + "\" as the " + role
          + ", which is outside the archive");
    }
    Path file = root.resolve(normalized);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidArgumentException("load: archive has no file \"" + name + "\" (the " + role + ")");
    }
    return file;
  }

  /**
   * The archive-relative form of a path: no leading {@code ./} or {@code /}, no empty or {@code .}
   * components; null when a {@code ..} would leave the archive or the name is absolute.
   */
  static String normalize(String name) {
    if (name.startsWith("/") || name.indexOf('\0') >= 0) return null;
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      if (part.equals("..")) {
        if (parts.isEmpty()) return null;
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return String.join("/", parts);
  }
}
