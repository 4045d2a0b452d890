package dev.berth.engine.build;

import java.util.ArrayDeque;
import java.util.Deque;

/** Absolute image paths, cleaned as Go's {@code path.Clean} cleans them ({@code /a/./b/../c} becomes {@code /a/c}). */
final class Paths {
  private Paths() {}

  static String clean(String path) {
    Deque<String> parts = new ArrayDeque<>();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) continue;
      if (p.equals("..")) {
        if (!parts.isEmpty()) parts.removeLast();
        continue;
      }
      parts.addLast(p);
    }
    return "/" + String.join("/", parts);
  }

  /**
   * A COPY destination made absolute against the working directory, keeping the meaning of a trailing
   * {@code /} (a directory): {@code .} and {@code ./} become the working directory with a slash.
   */
  static String destination(String dest, String workdir) {
    boolean dir = dest.endsWith("/") || dest.equals(".") || dest.endsWith("/.");
    String abs = dest.startsWith("/") ? dest : workdir + "/" + dest;
    String cleaned = clean(abs);
    return dir && !cleaned.equals("/") ? cleaned + "/" : cleaned;
  }
}
