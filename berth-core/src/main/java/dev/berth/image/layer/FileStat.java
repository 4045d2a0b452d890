package dev.berth.image.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/** What the differ compares of one node: an lstat(2), taken once through the "unix" attribute view. */
record FileStat(int mode, int uid, int gid, long size, long mtimeSec, int mtimeNsec, long dev, long ino, int nlink,
    long rdev) {
  private static final String ATTRS = "unix:mode,uid,gid,size,lastModifiedTime,dev,ino,nlink,rdev";

  static FileStat of(Path p) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
    Instant t = ((FileTime) a.get("lastModifiedTime")).toInstant();
    return new FileStat((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"),
        (Long) a.get("size"), t.getEpochSecond(), t.getNano(), (Long) a.get("dev"), (Long) a.get("ino"),
        (Integer) a.get("nlink"), (Long) a.get("rdev"));
  }

  int type() {
    return mode & RootResolver.S_IFMT;
  }

  boolean isDir() {
    return type() == RootResolver.S_IFDIR;
  }

  boolean isRegular() {
    return type() == RootResolver.S_IFREG;
  }

  boolean isSymlink() {
    return type() == RootResolver.S_IFLNK;
  }

  /** Linux's dev_t encoding, as glibc's major(3) and minor(3) decode it. */
  int major() {
    return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
  }

  int minor() {
    return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
  }

  /** An overlayfs whiteout: a character device 0:0. */
  boolean isOverlayWhiteout() {
    return type() == 0020000 && rdev == 0;
  }

  boolean sameInode(FileStat o) {
    return dev == o.dev && ino == o.ino;
  }

  /** Mode, owner and mtime equal: what "modified" means before contents are looked at. */
  boolean sameMeta(FileStat o) {
    return mode == o.mode && uid == o.uid && gid == o.gid && mtimeSec == o.mtimeSec && mtimeNsec == o.mtimeNsec;
  }
}
