package dev.berth.runtime.specgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a path as the container would see it, inside its rootfs: symlinks are followed relative to the
 * rootfs and ".." stops at its root, so /etc/passwd → /../../etc/passwd can never reach the host's file.
 * Public so that whatever prepares a bundle (the working directory) resolves container paths the same way.
 */
public final class RootfsPath {
  private RootfsPath() {}

  private static final int MAX_LINKS = 40;

  /** The host path of {@code containerPath} under {@code rootfs}; it may not exist. */
  public static Path resolve(Path rootfs, String containerPath) throws IOException {
    Deque<String> todo = new ArrayDeque<>();
    push(todo, containerPath);
    Deque<String> done = new ArrayDeque<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.pop();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        done.pollLast();
        continue;
      }
      Path candidate = join(rootfs, done).resolve(part);
      if (Files.isSymbolicLink(candidate)) {
        if (++links > MAX_LINKS) {
          throw new IOException("too many levels of symbolic links resolving " + containerPath + " in " + rootfs);
        }
        String target = Files.readSymbolicLink(candidate).toString();
        if (target.startsWith("/")) {
          done.clear();
        }
        push(todo, target);
      } else {
        done.addLast(part);
      }
    }
    return join(rootfs, done);
  }

  private static void push(Deque<String> todo, String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      todo.push(parts[i]);
    }
  }

  private static Path join(Path rootfs, Deque<String> parts) {
    Path p = rootfs;
    for (String part : parts) {
      p = p.resolve(part);
    }
    return p;
  }

  /** True when the resolved path is a regular file (not following a final symlink: resolve did). */
  static boolean isFile(Path p) {
    return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
  }
}
