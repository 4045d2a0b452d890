package dev.berth.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A driver's trash directory: a removed snapshot's tree is renamed into it (one rename on the same filesystem)
 * and deleted there on a virtual thread, so a removal does not wait for the deletion. {@link #awaitDeletions}
 * lets the owner close with nothing still deleting, and {@link #empty} deletes what a crash cut short.
 */
final class Trash {
  private static final Logger LOG = LoggerFactory.getLogger(Trash.class);

  private final Path dir;
  private final Set<Thread> deleting = ConcurrentHashMap.newKeySet();

  Trash(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** Moves {@code tree} into the trash and deletes it in the background; deletes it here if it cannot be moved. */
  void delete(Path tree) throws IOException {
    Path aside = dir.resolve(tree.getFileName() + "-" + System.nanoTime());
    try {
      Files.move(tree, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException gone) {
      return;
    } catch (IOException e) {
      Trees.delete(tree);
      return;
    }
    Thread t = Thread.ofVirtual().name("berth-snapshot-delete").unstarted(() -> {
      try {
        Trees.delete(aside);
      } catch (IOException e) {
        LOG.warn("deleting the removed snapshot directory {} (it will be retried at the next start): {}", aside, e.getMessage());
      } finally {
        deleting.remove(Thread.currentThread());
      }
    });
    deleting.add(t);
    t.start();
  }

  /** Waits (up to 30 s each) for the deletions under way. */
  void awaitDeletions() {
    for (Thread t : List.copyOf(deleting)) {
      try {
        t.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Deletes everything in the trash: trees whose deletion a crash or a stop cut short. */
  void empty() throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        LOG.info("deleting the removed snapshot directory {}", p);
        Trees.delete(p);
      }
    }
  }
}
