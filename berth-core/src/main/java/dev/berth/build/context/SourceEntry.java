package dev.berth.build.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * One node of a copied source as the file system has it: its name relative to the source ({@code ""} for
 * the source itself), type, permission bits, owner, size, link target, mtime, inode identity (for hardlinks)
 * and device numbers.
 */
record SourceEntry(
    String rel, Path host, Type type, int mode, int uid, int gid, long size, String linkTarget, FileTime mtime,
    String inode, int nlink, long rdev) {

  enum Type { FILE, DIR, SYMLINK, CHAR, BLOCK, FIFO, SOCKET }

  /** Reads {@code host}'s metadata without following a symlink. */
  static SourceEntry read(String rel, Path host) throws IOException {
    Map<String, Object> a = Files.readAttributes(host, "unix:*", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    Type type = switch (mode & 0170000) {
      case 0040000 -> Type.DIR;
      case 0120000 -> Type.SYMLINK;
      case 0020000 -> Type.CHAR;
      case 0060000 -> Type.BLOCK;
      case 0010000 -> Type.FIFO;
      case 0140000 -> Type.SOCKET;
      default -> Type.FILE;
    };
    String link = type == Type.SYMLINK ? Files.readSymbolicLink(host).toString() : null;
    long size = type == Type.FILE ? (Long) a.get("size") : 0;
    return new SourceEntry(rel, host, type, mode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"), size, link,
        (FileTime) a.get("lastModifiedTime"), a.get("dev") + ":" + a.get("ino"), (Integer) a.get("nlink"),
        (Long) a.get("rdev"));
  }

  /** Linux's major number of {@link #rdev}. */
  int major() {
    return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
  }

  /** Linux's minor number of {@link #rdev}. */
  int minor() {
    return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
  }
}
