package dev.berth.runtime.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * What lstat says of a path, through the JDK's "unix" attribute view (no final symlink followed).
 *
 * @param mode st_mode: file type and permission bits
 * @param rdev the device number of a device node
 */
record Node(int mode, int uid, int gid, long size, Instant mtime, long dev, long ino, int nlink, long rdev) {
  static final int S_IFMT = 0170000;
  static final int S_IFDIR = 0040000;
  static final int S_IFREG = 0100000;
  static final int S_IFLNK = 0120000;
  static final int S_IFCHR = 0020000;
  static final int S_IFBLK = 0060000;
  static final int S_IFIFO = 0010000;
  static final int S_IFSOCK = 0140000;

  /** The node at {@code p}, or null when nothing is there. */
  static Node lstat(Path p) throws IOException {
    return read(p, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * The node at {@code p} inside {@code rootfs}: like {@link #lstat}, except that the rootfs itself is
   * followed, since it may be a link to the container's root ({@code /proc/<pid>/root}).
   */
  static Node in(Path rootfs, Path p) throws IOException {
    return p.equals(rootfs) ? read(p) : read(p, LinkOption.NOFOLLOW_LINKS);
  }

  private static Node read(Path p, LinkOption... options) throws IOException {
    Map<String, Object> a;
    try {
      a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime,dev,ino,nlink,rdev", options);
    } catch (NoSuchFileException e) {
      return null;
    }
    return new Node((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"), (Long) a.get("size"),
        ((FileTime) a.get("lastModifiedTime")).toInstant(), (Long) a.get("dev"), (Long) a.get("ino"),
        (Integer) a.get("nlink"), (Long) a.get("rdev"));
  }

  int type() {
    return mode & S_IFMT;
  }

  boolean isDir() {
    return type() == S_IFDIR;
  }

  boolean isSymlink() {
    return type() == S_IFLNK;
  }

  boolean isRegular() {
    return type() == S_IFREG;
  }

  /** Linux's major(): bits 8-19 and 32-43 of the device number. */
  int major() {
    return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
  }

  /** Linux's minor(): bits 0-7 and 20-31. */
  int minor() {
    return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
  }
}
