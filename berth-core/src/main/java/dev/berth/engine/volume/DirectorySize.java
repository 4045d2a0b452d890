package dev.berth.engine.volume;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * The bytes a volume's files hold, as dockerd's {@code directory.Size} counts them: the sizes of files and
 * symlinks, a hard-linked file once, directories not at all. Never follows a symlink; files vanishing meanwhile
 * (a container still writes) are skipped.
 */
final class DirectorySize {
  private DirectorySize() {}

  static long of(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return 0;
    long[] total = {0};
    Set<Object> seen = new HashSet<>();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.fileKey() == null || seen.add(attrs.fileKey())) total[0] += attrs.size();
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
        throw e;
      }
    });
    return total[0];
  }
}
