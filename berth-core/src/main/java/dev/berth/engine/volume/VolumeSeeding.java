package dev.berth.engine.volume;

import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a volume is seeded: its data directory must be empty, and the source a real directory. A source that is a
 * symlink is not followed (the caller resolves the container path inside the root filesystem, so a symlink here
 * could only lead out of it). A failed copy empties the volume again, so the next start can retry.
 */
final class VolumeSeeding {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeSeeding.class);

  private VolumeSeeding() {}

  /** Copies when it should; answers whether the volume now counts as seeded (copied, or found not empty). */
  static boolean seed(String name, Path source, Path data) {
    try {
      if (!isEmpty(data)) return true;
      if (Files.isSymbolicLink(source)) {
        LOG.warn("not seeding volume {} from {}: it is a symlink, which is never followed", name, source);
        return false;
      }
      if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) return false;
      copy(name, source, data);
      return true;
    } catch (IOException e) {
      throw new SystemException("seed volume " + name + " from " + source + ": " + e.getMessage(), e);
    }
  }

  private static void copy(String name, Path source, Path data) throws IOException {
    try {
      VolumeSeeder.copy(source, data);
    } catch (IOException | RuntimeException e) {
      try {
        emptyDirectory(data);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return !entries.iterator().hasNext();
    }
  }

  private static void emptyDirectory(Path dir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) dev.berth.sys.FileTrees.delete(p);
        else Files.deleteIfExists(p);
      }
    }
  }
}
