package dev.berth.engine.volume;

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
 * Docker's copy-up: fills an empty volume with what the image holds at the mount path. Every entry keeps its
 * type (directories, files, symlinks, devices, fifos), owner, mode (setuid bits too), times and extended
 * attributes; hard links stay links. Symlinks are copied as links and never followed, so nothing outside the
 * source is read. The volume's root takes the source directory's owner, mode, xattrs and times, as dockerd's
 * {@code copyOwnership} does, so a {@code chown}ed image directory stays writable by its user.
 */
final class VolumeSeeder extends SimpleFileVisitor<Path> {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Path from;
  private final Path to;
  private final Map<Object, Path> linked = new HashMap<>();

  private VolumeSeeder(Path from, Path to) {
    this.from = from;
    this.to = to;
  }

  /** Copies the contents of directory {@code from} into the existing, empty directory {@code to}. */
  static void copy(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new VolumeSeeder(from, to));
  }

  @Override
  public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
    if (!dir.equals(from)) Files.createDirectory(target(dir));
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
    Path target = target(file);
    if (attrs.isRegularFile() || attrs.isOther()) {
      if (nlink(file) > 1) {
        Path first = linked.putIfAbsent(attrs.fileKey(), target);
        if (first != null) {
          Files.createLink(target, first);
          return FileVisitResult.CONTINUE;
        }
      }
    }
    if (attrs.isSymbolicLink()) {
      Files.createSymbolicLink(target, Files.readSymbolicLink(file));
      owner(file, target);
    } else if (attrs.isOther()) {
      int mode = (Integer) Files.getAttribute(file, "unix:mode", NOFOLLOW);
      long rdev = (Long) Files.getAttribute(file, "unix:rdev", NOFOLLOW);
      Libc.mknod(target, mode, major(rdev), minor(rdev));
      owner(file, target);
      // By path: opening a fifo to change it would block.
      Files.setAttribute(target, "unix:mode", mode & 07777);
    } else {
      Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, NOFOLLOW);
      owner(file, target);
      Files.setAttribute(target, "unix:mode", mode(file), NOFOLLOW); // again after chown, which clears setuid
    }
    xattrs(file, target);
    times(attrs, target);
    return FileVisitResult.CONTINUE;
  }

  /** Owner, mode, xattrs and times of a directory, once its entries are in (adding them changed its mtime). */
  @Override
  public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
    if (e != null) throw e;
    Path target = target(dir);
    owner(dir, target);
    Files.setAttribute(target, "unix:mode", mode(dir), NOFOLLOW);
    xattrs(dir, target);
    times(Files.readAttributes(dir, BasicFileAttributes.class, NOFOLLOW), target);
    return FileVisitResult.CONTINUE;
  }

  private Path target(Path p) {
    return p.equals(from) ? to : to.resolve(from.relativize(p).toString());
  }

  private static void owner(Path src, Path dst) throws IOException {
    Files.setAttribute(dst, "unix:uid", Files.getAttribute(src, "unix:uid", NOFOLLOW), NOFOLLOW);
    Files.setAttribute(dst, "unix:gid", Files.getAttribute(src, "unix:gid", NOFOLLOW), NOFOLLOW);
  }

  private static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW) & 07777;
  }

  private static int nlink(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:nlink", NOFOLLOW);
  }

  /** After the owner: chown clears security.capability. */
  private static void xattrs(Path src, Path dst) throws IOException {
    for (String name : Libc.llistxattr(src)) {
      byte[] value = Libc.lgetxattr(src, name);
      if (value != null) Libc.lsetxattr(dst, name, value);
    }
  }

  /** Through lutimes, which neither follows a symlink nor opens a fifo. */
  private static void times(BasicFileAttributes attrs, Path target) throws IOException {
    FileTime a = attrs.lastAccessTime();
    FileTime m = attrs.lastModifiedTime();
    Libc.lutimes(target, a.to(TimeUnit.SECONDS), a.toInstant().getNano(), m.to(TimeUnit.SECONDS), m.toInstant().getNano());
  }

  /** glibc's major(): bits 8-19 and 32-43 of a dev_t. */
  static int major(long dev) {
    return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
  }

  /** glibc's minor(): bits 0-7 and 20-31 of a dev_t. */
  static int minor(long dev) {
    return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
  }
}
