package dev.berth.sys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * File replacement that a crash cannot tear: the bytes go to a temporary file beside the target
 * ({@code .tmp-<name>-<random>}), which is then renamed over it, so a reader sees the old content or the new, never
 * a mix. Every store of Berth's that keeps a small JSON file writes it through here.
 */
public final class AtomicWrite {
  /** How far a replacement is forced to disk. */
  public enum Durability {
    /** The file and the rename are fsynced: after a power loss the new content is there. */
    DURABLE,
    /** Nothing is forced: a crash of the process is safe, but a power loss may bring back the old content. */
    LAZY
  }

  /** What every temporary file's name starts with, so stores can sweep leftovers of a crash. */
  public static final String TMP_PREFIX = ".tmp-";

  private AtomicWrite() {}

  /**
   * Replaces (or creates) {@code target} with {@code bytes}. A lazy replacement costs four system calls (open,
   * write, close, rename), as few as a hand-written temp-file-then-rename, so the container start path uses it too:
   * the temporary name's random part comes from {@link ThreadLocalRandom}, which reads no {@code /dev/urandom}, and
   * the temporary file is deleted only when the rename did not happen.
   */
  public static void replace(Path target, byte[] bytes, Durability durability) throws IOException {
    Path tmp = target.resolveSibling(TMP_PREFIX + target.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    boolean durable = durability == Durability.DURABLE;
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
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** Deletes the temporary files a crash may have left beside {@code target}. */
  public static void removeLeftovers(Path target) throws IOException {
    Path dir = target.getParent();
    if (!Files.isDirectory(dir)) return;
    try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, TMP_PREFIX + target.getFileName() + "-*")) {
      for (Path p : tmp) Files.deleteIfExists(p);
    }
  }
}
