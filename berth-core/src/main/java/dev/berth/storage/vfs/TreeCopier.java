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
import java.util.concurrent.TimeUnit;

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
    if (attrs.isOther()) {
      copySpecial(file, target, attrs);
    } else {
      Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    }
    copyXattrs(file, target);
    return FileVisitResult.CONTINUE;
  }

  /**
   * Recreates a device, fifo or socket with mknod. Files.copy would open it and copy what reading it yields: a fifo
   * blocks forever, a /dev/zero node never ends.
   */
  private static void copySpecial(Path file, Path target, BasicFileAttributes attrs) throws IOException {
    int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    long rdev = (Long) Files.getAttribute(file, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
    Libc.mknod(target, mode, major(rdev), minor(rdev));
    int uid = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int gid = (Integer) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(target, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(target, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    // By path, never through an open descriptor, which the JDK's NOFOLLOW variants use: opening a fifo blocks.
    Files.setAttribute(target, "unix:mode", mode & 07777); // mknod obeyed the umask
    FileTime atime = attrs.lastAccessTime();
    FileTime mtime = attrs.lastModifiedTime();
    Libc.lutimes(target, atime.to(TimeUnit.SECONDS), atime.toInstant().getNano(), mtime.to(TimeUnit.SECONDS),
        mtime.toInstant().getNano());
  }

  /** glibc's major(): bits 8-19 and 32-43 of a dev_t. */
  static int major(long dev) {
    return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
  }

  /** glibc's minor(): bits 0-7 and 20-31 of a dev_t. */
  static int minor(long dev) {
    return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
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
