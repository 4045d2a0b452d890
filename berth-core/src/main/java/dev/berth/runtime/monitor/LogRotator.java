package dev.berth.runtime.monitor;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Docker's {@code --log-opt max-size=… max-file=N} (N ≥ 2) on top of conmon: conmon alone can only truncate
 * ({@code --log-size-max}), so the daemon keeps generations itself. It renames {@code log.(N-2)} … {@code log}
 * one step older (dropping {@code log.(N-1)}), then has conmon reopen its log, which creates a fresh file at
 * the path. Lines conmon writes between the rename and the reopen land in {@code log.1}, where
 * {@link K8sFileLogReader} still finds them, so nothing is lost.
 *
 * <p>Rotation runs in the daemon: while berthd is down a log may outgrow max-size, and is rotated at the next
 * check. A container that uses this must not also get conmon's {@code logSizeMax}, which would truncate.
 */
public final class LogRotator {
  private final Conmon conmon;

  public LogRotator(Conmon conmon) {
    this.conmon = conmon;
  }

  /** Rotates when the live log has reached {@code maxSize} bytes; true if it did. */
  public boolean rotateIfFull(String id, Path log, long maxSize, int maxFiles) {
    try {
      if (!Files.exists(log) || Files.size(log) < maxSize) {
        return false;
      }
    } catch (IOException e) {
      throw new SystemException("rotate log of container " + id + ": cannot stat " + log + ": " + e.getMessage(), e);
    }
    rotate(id, log, maxFiles);
    return true;
  }

  /** Makes every generation one older, drops the oldest beyond {@code maxFiles}, and reopens the log. */
  public void rotate(String id, Path log, int maxFiles) {
    if (maxFiles < 2) {
      throw new InvalidArgumentException("rotate log of container " + id + ": max-file must be >= 2 to keep "
          + "generations, got " + maxFiles + " (a single file is capped by conmon's --log-size-max)");
    }
    try {
      Files.deleteIfExists(generation(log, maxFiles - 1));
      for (int n = maxFiles - 2; n >= 1; n--) {
        if (Files.exists(generation(log, n))) {
          Files.move(generation(log, n), generation(log, n + 1), StandardCopyOption.ATOMIC_MOVE);
        }
      }
      if (Files.exists(log)) {
        Files.move(log, generation(log, 1), StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new SystemException("rotate log of container " + id + ": " + e.getMessage(), e);
    }
    conmon.reopenLog(id);
  }

  static Path generation(Path log, int n) {
    return log.resolveSibling(log.getFileName() + "." + n);
  }
}
