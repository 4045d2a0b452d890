package dev.berth.runtime.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe file replacement: write a temporary file beside the target, fsync it, rename it over the target
 * and fsync the directory. A crash leaves the old content or the new, never a mix. (The same as
 * {@code dev.berth.sys.AtomicWrite}, which the other stores use: this package keeps to the JDK, see
 * RuntimeArchitectureTest.)
 */
final class AtomicFiles {
  static final String TMP_PREFIX = ".tmp-";

  private AtomicFiles() {}

  static void write(Path target, byte[] bytes) throws IOException {
    replace(target, bytes, true);
  }

  /**
   * Replaces {@code target} atomically (temporary file, then rename) without forcing it to disk: a crash
   * still leaves the old content or the new, but after a power loss the old one may come back. For a
   * container's lifecycle state, which the engine recomputes from the monitor's files on restore anyway, two
   * fsyncs per transition would cost more than the start of a small container's process.
   */
  static void replaceLazily(Path target, byte[] bytes) throws IOException {
    replace(target, bytes, false);
  }

  /** As AtomicWrite.replace: no /dev/urandom read for the name, and no delete once the rename is done. */
  private static void replace(Path target, byte[] bytes, boolean durable) throws IOException {
    Path tmp = target.resolveSibling(TMP_PREFIX + target.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    boolean renamed = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) ch.write(buf);
        if (durable) ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      renamed = true;
      if (durable) fsyncDirectory(target.getParent());
    } finally {
      if (!renamed) Files.deleteIfExists(tmp);
    }
  }

  /** Makes a rename or creation inside {@code dir} durable. */
  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** Deletes a tree, not following symbolic links. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
