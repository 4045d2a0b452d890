package dev.berth.image.layer;

import dev.berth.sys.Libc;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Creates one filesystem node per tar entry and sets its metadata, with as few system calls as the entry
 * allows: a node is created with its permission bits, and chown/chmod run only when the result would
 * differ. An existing node in the way is removed first (a directory recursively), never written through:
 * new files are opened with O_CREAT|O_EXCL, which neither follows a symlink nor reuses a hardlinked inode.
 */
final class NodeWriter {
  static final String XATTR_PREFIX = "SCHILY.xattr.";
  /** Overlay's own xattrs are never taken from a layer: they would let it forge whiteouts or redirects. */
  static final String OVERLAY_XATTR_PREFIX = "trusted.overlay.";

  private static final int EEXIST = 17;
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final FileAttribute<?>[] PERMS = new FileAttribute<?>[512];

  private final RootResolver resolver;
  private final NativeFiles files = new NativeFiles();

  NodeWriter(RootResolver resolver) {
    this.resolver = resolver;
  }

  static FileAttribute<?> perms(int mode) {
    int bits = mode & 0777;
    FileAttribute<?> a = PERMS[bits];
    if (a == null) {
      Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
      PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
      for (int i = 0; i < 9; i++) {
        if ((bits & (0400 >> i)) != 0) set.add(all[i]);
      }
      a = PosixFilePermissions.asFileAttribute(set);
      PERMS[bits] = a;
    }
    return a;
  }

  /** Whether a node just created with {@link #perms} still needs a chmod to get {@code mode}. */
  static boolean needsChmod(int mode) {
    return (mode & 07000) != 0 || (mode & 0777 & ProcessIdentity.UMASK) != 0;
  }

  /**
   * Writes a regular file from the tar's current entry and sets its mtime on the open descriptor, which
   * spares a path lookup; the caller's later chown, chmod and setxattr leave the mtime alone.
   */
  void regular(Path p, int mode, TarReader in, long sec, long nsec) throws IOException {
    int fd = create(p, mode);
    boolean done = false;
    try {
      in.content((b, off, len) -> files.write(fd, b, off, len, p));
      files.futimens(fd, sec, nsec, p);
      done = true;
    } finally {
      if (done) {
        files.close(fd, p);
      } else {
        closeQuietly(fd, p);
      }
    }
  }

  private void closeQuietly(int fd, Path p) {
    try {
      files.close(fd, p);
    } catch (IOException e) {
      // the first failure is the one reported
    }
  }

  private int create(Path p, int mode) throws IOException {
    try {
      return files.create(p, mode);
    } catch (Libc.ErrnoException e) {
      if (e.errno() != NativeFiles.EEXIST) throw e;
      removeExisting(p);
      return files.create(p, mode);
    }
  }

  /** Sets atime and mtime of {@code p} itself (a symlink is not followed). */
  void times(Path p, long sec, long nsec) throws IOException {
    files.lutimes(p, sec, nsec);
  }

  /** Makes a directory; returns false when one was already there (a directory entry merges into it). */
  boolean directory(Path p, int mode) throws IOException {
    try {
      Files.createDirectory(p, perms(mode));
      return true;
    } catch (FileAlreadyExistsException e) {
      if (RootResolver.isDir(RootResolver.mode(p))) return false;
      removeExisting(p);
      Files.createDirectory(p, perms(mode));
      return true;
    }
  }

  void symlink(Path p, String target) throws IOException {
    Path t = p.getFileSystem().getPath(target);
    try {
      Files.createSymbolicLink(p, t);
    } catch (FileAlreadyExistsException e) {
      removeExisting(p);
      Files.createSymbolicLink(p, t);
    }
  }

  /** link(2) never follows a symlink, so a hardlink to a symlink inside the root links the symlink itself. */
  void hardlink(Path p, Path existing) throws IOException {
    try {
      Files.createLink(p, existing);
    } catch (FileAlreadyExistsException e) {
      removeExisting(p);
      Files.createLink(p, existing);
    }
  }

  void device(Path p, int type, int mode, int major, int minor) throws IOException {
    try {
      Libc.mknod(p, type | (mode & 0777), major, minor);
    } catch (Libc.ErrnoException e) {
      if (e.errno() != EEXIST) throw e;
      removeExisting(p);
      Libc.mknod(p, type | (mode & 0777), major, minor);
    }
  }

  /**
   * Sets owner and mode. chown comes first because it clears setuid and setgid. A fresh node skips what it
   * already has; a directory merged into an existing one always gets both.
   */
  void ownerAndMode(Path p, int uid, int gid, int mode, boolean fresh, boolean inheritsGid, boolean symlink)
      throws IOException {
    if (!fresh || uid != ProcessIdentity.UID || gid != ProcessIdentity.GID || inheritsGid) {
      // The "unix" view's uid/gid setters call lchown with NOFOLLOW_LINKS, chown otherwise.
      Files.setAttribute(p, "unix:uid", uid, NOFOLLOW);
      Files.setAttribute(p, "unix:gid", gid, NOFOLLOW);
      fresh = false;
    }
    // chmod on a symlink is meaningless on Linux; for everything else the path is our own fresh node or a
    // directory, so following is safe (and opening a device or fifo to fchmod it would not be).
    if (!symlink && (!fresh || needsChmod(mode))) Files.setAttribute(p, "unix:mode", mode & 07777);
  }

  static void xattrs(Path p, Map<String, byte[]> xattrs) throws IOException {
    if (xattrs.isEmpty()) return;
    for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
      if (x.getKey().startsWith(OVERLAY_XATTR_PREFIX)) continue;
      Libc.lsetxattr(p, x.getKey(), x.getValue());
    }
  }

  /** Removes whatever is at {@code p}, a directory with its contents; never follows a symlink. */
  void removeExisting(Path p) throws IOException {
    int m = RootResolver.mode(p);
    if (m < 0) return;
    if (!RootResolver.isDir(m)) {
      Files.delete(p);
      return;
    }
    resolver.forget();
    deleteTree(p);
  }

  static void deleteTree(Path dir) throws IOException {
    dev.berth.sys.FileTrees.delete(dir);
  }
}
