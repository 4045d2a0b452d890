package dev.berth.image.layer;

import dev.berth.sys.Libc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Creates one filesystem node per tar entry and sets its metadata, with as few system calls as the entry
 * allows: a node is created with its permission bits, and chown/chmod run only when the result would
 * differ (on the open descriptor for a regular file). An existing node in the way is removed first (a
 * directory recursively), never written through: new files are opened with O_CREAT|O_EXCL, which neither
 * follows a symlink nor reuses a hardlinked inode.
 */
final class NodeWriter {
  static final String XATTR_PREFIX = "SCHILY.xattr.";
  /** Overlay's own xattrs are never taken from a layer: they would let it forge whiteouts or redirects. */
  static final String OVERLAY_XATTR_PREFIX = "trusted.overlay.";

  private static final int EEXIST = NativeFiles.EEXIST;

  /** Who owns a node and its permission bits, and whether its directory's setgid bit decides its group. */
  record Owner(int uid, int gid, int mode, boolean inheritsGid) {}

  private final RootResolver resolver;
  private final NativeFiles files;

  NodeWriter(RootResolver resolver, NativeFiles files) {
    this.resolver = resolver;
    this.files = files;
  }

  /** Whether a node just created with {@code mode}'s permission bits still needs a chmod to get all of it. */
  static boolean needsChmod(int mode) {
    return (mode & 07000) != 0 || (mode & 0777 & ProcessIdentity.UMASK) != 0;
  }

  /** Whether a fresh node needs a chown: another owner than ours, or a group a setgid directory would change. */
  private static boolean needsChown(Owner o) {
    return o.uid() != ProcessIdentity.UID || o.gid() != ProcessIdentity.GID || o.inheritsGid();
  }

  /**
   * Writes a regular file from the tar's current entry, then sets its owner, mode and mtime on the open
   * descriptor, which spares three path lookups; the caller's later setxattr leaves the mtime alone.
   */
  void regular(Path p, Owner o, TarReader in, long sec, long nsec) throws IOException {
    int fd = create(p, o.mode());
    boolean done = false;
    try {
      in.content((seg, off, len) -> files.write(fd, seg, off, len, p));
      boolean chowned = needsChown(o);
      if (chowned) files.fchown(fd, o.uid(), o.gid(), p); // first: chown clears setuid and setgid
      if (chowned || needsChmod(o.mode())) files.fchmod(fd, o.mode(), p);
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
      if (e.errno() != EEXIST) throw e;
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
      files.mkdir(p, mode);
      return true;
    } catch (Libc.ErrnoException e) {
      if (e.errno() != EEXIST) throw e;
      if (RootResolver.isDir(resolver.mode(p))) return false;
      removeExisting(p);
      files.mkdir(p, mode);
      return true;
    }
  }

  void symlink(Path p, String target) throws IOException {
    try {
      files.symlink(p, target);
    } catch (Libc.ErrnoException e) {
      if (e.errno() != EEXIST) throw e;
      removeExisting(p);
      files.symlink(p, target);
    }
  }

  /** link(2) never follows a symlink, so a hardlink to a symlink inside the root links the symlink itself. */
  void hardlink(Path p, Path existing) throws IOException {
    try {
      files.link(p, existing);
    } catch (Libc.ErrnoException e) {
      if (e.errno() != EEXIST) throw e;
      removeExisting(p);
      files.link(p, existing);
    }
  }

  void device(Path p, int type, int mode, int major, int minor) throws IOException {
    try {
      files.mknod(p, type | (mode & 0777), major, minor);
    } catch (Libc.ErrnoException e) {
      if (e.errno() != EEXIST) throw e;
      removeExisting(p);
      files.mknod(p, type | (mode & 0777), major, minor);
    }
  }

  /**
   * Sets owner and mode. chown comes first because it clears setuid and setgid. A fresh node skips what it
   * already has; a directory merged into an existing one always gets both.
   */
  /** An overlayfs whiteout: a character device 0:0. */
  void overlayWhiteout(Path p) throws IOException {
    files.mknod(p, Libc.S_IFCHR, 0, 0);
  }

  /** Marks {@code dir} opaque for overlayfs: the lower layers' contents of it are hidden. */
  void overlayOpaque(Path dir) throws IOException {
    files.lsetxattr(dir, Extraction.OPAQUE_XATTR, new byte[] {'y'});
  }

  void ownerAndMode(Path p, Owner o, boolean fresh, boolean symlink) throws IOException {
    if (!fresh || needsChown(o)) {
      files.lchown(p, o.uid(), o.gid());
      fresh = false;
    }
    // chmod on a symlink is meaningless on Linux; for everything else the path is our own fresh node or a
    // directory, so following is safe (and opening a device or fifo to fchmod it would not be).
    if (!symlink && (!fresh || needsChmod(o.mode()))) files.chmod(p, o.mode());
  }

  void xattrs(Path p, Map<String, byte[]> xattrs) throws IOException {
    if (xattrs.isEmpty()) return;
    for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
      if (x.getKey().startsWith(OVERLAY_XATTR_PREFIX)) continue;
      files.lsetxattr(p, x.getKey(), x.getValue());
    }
  }

  /** Removes whatever is at {@code p}, a directory with its contents; never follows a symlink. */
  void removeExisting(Path p) throws IOException {
    int m = resolver.mode(p);
    if (m < 0) return;
    if (!RootResolver.isDir(m)) {
      files.unlink(p);
      return;
    }
    resolver.forget();
    deleteTree(p);
  }

  static void deleteTree(Path dir) throws IOException {
    dev.berth.sys.FileTrees.delete(dir);
  }
}
