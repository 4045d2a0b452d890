package dev.berth.build.context;

import dev.berth.errors.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a name inside a root as a process chrooted there would: symlinks are followed, an absolute
 * target starts again at the root and {@code ..} stops at it, so the result is always below the root.
 * Missing elements are kept as named (the caller checks existence).
 */
final class RootPath {
  private static final int MAX_LINKS = 255;

  private RootPath() {}

  /**
   * The resolved elements of {@code elements} (already cleaned, relative to {@code root}).
   *
   * @param followLast whether a symlink in the last element is followed too
   */
  static List<String> resolve(Path root, List<String> elements, boolean followLast) throws IOException {
    Deque<String> todo = new ArrayDeque<>(elements);
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String c = todo.removeFirst();
      if (c.isEmpty() || c.equals(".")) continue;
      if (c.equals("..")) {
        if (!done.isEmpty()) done.removeLast();
        continue;
      }
      Path candidate = host(root, done).resolve(c);
      boolean last = todo.isEmpty();
      if ((!last || followLast) && Files.isSymbolicLink(candidate)) {
        if (++links > MAX_LINKS) {
          throw new InvalidArgumentException("resolve " + String.join("/", elements) + ": too many levels of symbolic links");
        }
        String target = Files.readSymbolicLink(candidate).toString();
        if (target.startsWith("/")) done.clear();
        String[] parts = target.split("/");
        for (int i = parts.length - 1; i >= 0; i--) todo.addFirst(parts[i]);
        continue;
      }
      done.add(c);
    }
    return done;
  }

  static Path host(Path root, List<String> elements) {
    Path p = root;
    for (String e : elements) p = p.resolve(e);
    return p;
  }

  static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }
}
