package dev.berth.storage;

import dev.berth.sys.FileStat;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/** Whole-tree operations on snapshot directories: deletion and disk usage. Symlinks are never followed. */
final class Trees {
  private Trees() {}

  /** Deletes {@code dir} and everything in it; a missing directory is fine. */
  static void delete(Path dir) throws IOException {
    dev.berth.sys.FileTrees.delete(dir);
  }

  /**
   * Disk used by {@code dir} and everything in it: allocated blocks ({@code st_blocks * 512}, as du(1) counts) and
   * inodes, each hard-linked inode counted once.
   */
  static Usage usage(Path dir) throws IOException {
    Set<String> seen = new HashSet<>();
    long[] totals = new long[2];
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        count(d);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        count(file);
        return FileVisitResult.CONTINUE;
      }

      private void count(Path p) throws IOException {
        FileStat st = FileStat.lstat(p);
        if (st.nlink() > 1 && !seen.add(st.dev() + ":" + st.ino())) return;
        totals[0] += st.diskBytes();
        totals[1]++;
      }
    });
    return new Usage(totals[0], totals[1]);
  }
}
