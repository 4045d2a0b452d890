package dev.berth.daemon;

import dev.berth.errors.ConflictException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <exec-root>/berthd.pid}. A pidfile naming another live process is a running daemon: refuse. A
 * pidfile naming a dead process, or this one (a second in-process daemon in tests), is replaced.
 */
final class PidFile {
  private static final Logger LOG = LoggerFactory.getLogger(PidFile.class);

  private final Path path;
  private final long pid = ProcessHandle.current().pid();

  PidFile(Path path) {
    this.path = path;
  }

  void write() {
    try {
      Files.createDirectories(path.getParent());
      if (Files.exists(path)) {
        String text = Files.readString(path).strip();
        try {
          long other = Long.parseLong(text);
          if (other != pid && ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false)) {
            throw new ConflictException("pidfile " + path + " names process " + other + ", which is still running: is another berthd using " + path.getParent() + "?");
          }
        } catch (NumberFormatException e) {
          LOG.warn("replacing unreadable pidfile {}", path);
        }
      }
      Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
      Files.writeString(tmp, pid + "\n");
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new SystemException("writing pidfile " + path, e);
    }
  }

  /** Removes the pidfile if it still names this process. */
  void remove() {
    try {
      if (Files.exists(path) && Files.readString(path).strip().equals(Long.toString(pid))) Files.delete(path);
    } catch (IOException e) {
      LOG.warn("could not remove pidfile {}: {}", path, e.getMessage());
    }
  }
}
