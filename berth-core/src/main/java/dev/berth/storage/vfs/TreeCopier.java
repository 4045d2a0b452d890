package dev.berth.storage.vfs;

import dev.berth.sys.Libc;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Copies a root filesystem tree faithfully: file types (devices and fifos included), owners, modes, timestamps,
 * extended attributes (file capabilities among them) and hard links, which stay links in the copy. Symlinks are
 * copied, never followed.
 */
final class TreeCopier extends SimpleFileVisitor<Path> {
  private final Path from;
  private final Path to;
  private final Map<Object, Path> linked = new HashMap<>();

  private TreeCopier(Path from, Path to) {
    this.from = from;
    this.to = to;
  }

  /** Copies {@code from} to {@code to}, which must not exist. */
  static void copy(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new TreeCopier(from, to));
  }

  @Override
  public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
    Path target = target(dir);
    Files.copy(dir, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    copyXattrs(dir, target);
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
    Path target = target(file);
    if (!attrs.isDirectory() && !attrs.isSymbolicLink() && linkCount(file) > 1) {
      Path first = linked.putIfAbsent(attrs.fileKey(), target);
      if (first != null) {
        Files.createLink(target, first);
        return FileVisitResult.CONTINUE;
      }
    }
    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    copyXattrs(file, target);
    return FileVisitResult.CONTINUE;
  }

  /** Restores the directory's times, which creating its entries changed. */
  @Override
  public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
    if (e != null) throw e;
    FileTime mtime = Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS);
    Files.setLastModifiedTime(target(dir), mtime);
    return FileVisitResult.CONTINUE;
  }

  private Path target(Path p) {
    return to.resolve(from.relativize(p).toString());
  }

  private static int linkCount(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
  }

  /** Copies every extended attribute, after the data and owner (chown would clear security.capability). */
  private static void copyXattrs(Path src, Path dst) throws IOException {
    for (String name : Libc.llistxattr(src)) {
      byte[] value = Libc.lgetxattr(src, name);
      if (value != null) Libc.lsetxattr(dst, name, value);
    }
  }
}
