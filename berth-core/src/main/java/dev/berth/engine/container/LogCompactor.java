package dev.berth.engine.container;

import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Brings an ended container's log to Docker's {@code max-size}/{@code max-file} shape: at most
 * {@code maxFile} files ({@code log}, {@code log.1}, …) of about {@code maxSize} bytes each, newest lines in
 * {@code log}, the oldest lines dropped. While a container runs the daemon rotates its log only every few
 * seconds, so a burst of output can overshoot; this settles it once the process has ended.
 */
final class LogCompactor {
  private LogCompactor() {}

  static void compact(Path log, long maxSize, int maxFile) {
    try {
      List<Path> generations = new ArrayList<>();
      for (int n = 100; n >= 1; n--) {
        Path g = generation(log, n);
        if (Files.exists(g)) {
          generations.add(g);
        }
      }
      if (Files.exists(log)) {
        generations.add(log);
      }
      long total = 0;
      for (Path g : generations) {
        total += Files.size(g);
      }
      if (total <= maxSize) {
        return;
      }
      Deque<String> lines = new ArrayDeque<>();
      for (Path g : generations) {
        lines.addAll(Files.readAllLines(g, StandardCharsets.UTF_8));
      }
      for (Path g : generations) {
        Files.delete(g);
      }
      for (int n = 0; n < maxFile && !lines.isEmpty(); n++) {
        Deque<String> part = new ArrayDeque<>();
        long size = 0;
        while (!lines.isEmpty() && (part.isEmpty() || size + lines.peekLast().length() + 1 <= maxSize)) {
          String line = lines.removeLast();
          size += line.length() + 1;
          part.addFirst(line);
        }
        Path tmp = log.resolveSibling("." + log.getFileName() + ".compact");
        Files.write(tmp, part, StandardCharsets.UTF_8);
        Files.move(tmp, n == 0 ? log : generation(log, n), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new SystemException("rotate log " + log + ": " + e.getMessage(), e);
    }
  }

  private static Path generation(Path log, int n) {
    return log.resolveSibling(log.getFileName() + "." + n);
  }
}
