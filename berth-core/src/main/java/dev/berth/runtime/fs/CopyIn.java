package dev.berth.runtime.fs;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.sys.FileTrees;
import dev.berth.sys.Libc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Extracts tar entries into a directory of a container's rootfs, in two passes over the same entries:
 * {@link #check} (before anything is written: names, types, link targets, and with
 * {@code noOverwriteDirNonDir} the clashes with what exists) and {@link #apply}. Every parent directory is
 * resolved as the container would (symlinks followed inside the rootfs), missing ones are created (0755,
 * root), and the final component is never followed: whatever is there is replaced, except that a
 * directory over a directory merges. Owners come from the tar, or all from {@code owner} when given;
 * modes keep setuid/setgid/sticky; directory mtimes are set last. Whiteout names get no special meaning.
 */
final class CopyIn {
  private static final String XATTR = "SCHILY.xattr.";
  private static final int EPERM = 1;
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private record DirTime(Path path, FileTime atime, FileTime mtime) {}

  private final Path rootfs;
  private final String dest;
  private final boolean noOverwriteDirNonDir;
  private final Owner owner;
  private final List<DirTime> dirTimes = new ArrayList<>();

  /**
   * @param dest the extraction directory as a container path with no symlinks in it
   * @param owner null to keep the tar's owners
   */
  CopyIn(Path rootfs, String dest, boolean noOverwriteDirNonDir, Owner owner) {
    this.rootfs = rootfs;
    this.dest = dest.equals("/") ? "" : dest;
    this.noOverwriteDirNonDir = noOverwriteDirNonDir;
    this.owner = owner;
  }

  /** The first pass: refuses a bad entry before anything is written. */
  void check(TarArchiveEntry e) throws IOException {
    List<String> comps = EntryPath.components(e.getName(), "entry");
    Kind kind = Kind.of(e);
    switch (kind) {
      case SYMLINK -> EntryPath.checkSymlink(comps, e.getLinkName(), e.getName());
      case HARDLINK -> {
        if (EntryPath.components(e.getLinkName(), "hardlink target").isEmpty()) {
          throw bad(e, "is a hardlink to the extraction directory itself");
        }
      }
      default -> { }
    }
    if (comps.isEmpty() || !noOverwriteDirNonDir) return;
    Path target = ContainerPath.resolve(rootfs, containerPath(comps.subList(0, comps.size() - 1))).resolve(comps.getLast());
    checkClash(target, kind, e);
  }

  /** The second pass: writes the entry; {@code content} is the tar positioned at its data. */
  void apply(TarArchiveEntry e, InputStream content) throws IOException {
    List<String> comps = EntryPath.components(e.getName(), "entry");
    if (comps.isEmpty()) return; // the extraction directory itself keeps its metadata, as in dockerd
    Kind kind = Kind.of(e);
    Path target = parent(comps, e).resolve(comps.getLast());
    Node existing = Node.lstat(target);
    if (noOverwriteDirNonDir) checkClash(target, kind, e);
    if (existing != null && !(existing.isDir() && kind == Kind.DIR)) remove(target, existing);
    int perm = e.getMode() & 07777;
    switch (kind) {
      case FILE -> writeFile(target, perm, content);
      case DIR -> {
        if (existing == null || !existing.isDir()) Files.createDirectory(target);
      }
      case SYMLINK -> Files.createSymbolicLink(target, target.getFileSystem().getPath(e.getLinkName()));
      case HARDLINK -> {
        hardlink(target, e);
        return; // a hardlink shares its target's inode: owner, mode and times are the target's
      }
      case CHAR -> Libc.mknod(target, Libc.S_IFCHR | (perm & 0777), e.getDevMajor(), e.getDevMinor());
      case BLOCK -> Libc.mknod(target, Libc.S_IFBLK | (perm & 0777), e.getDevMajor(), e.getDevMinor());
      case FIFO -> Libc.mknod(target, Libc.S_IFIFO | (perm & 0777), 0, 0);
    }
    metadata(target, e, kind, perm);
  }

  /** Sets directory times after everything was written into them. */
  void finish() throws IOException {
    for (DirTime d : dirTimes.reversed()) times(d.path(), d.atime(), d.mtime());
  }

  private void checkClash(Path target, Kind kind, TarArchiveEntry e) throws IOException {
    Node existing = Node.lstat(target);
    if (existing == null) return;
    String shown = ContainerPath.inContainer(rootfs, target);
    if (existing.isDir() && kind != Kind.DIR) {
      throw new InvalidArgumentException("extract archive: cannot overwrite directory \"" + shown
          + "\" with non-directory \"" + EntryPath.abbreviate(e.getName()) + "\"");
    }
    if (!existing.isDir() && kind == Kind.DIR) {
      throw new InvalidArgumentException("extract archive: cannot overwrite non-directory \"" + shown
          + "\" with directory \"" + EntryPath.abbreviate(e.getName()) + "\"");
    }
  }

  private String containerPath(List<String> comps) {
    return comps.isEmpty() ? (dest.isEmpty() ? "/" : dest) : dest + "/" + String.join("/", comps);
  }

  /** The entry's parent directory on the host, created (0755, root) when missing. */
  private Path parent(List<String> comps, TarArchiveEntry e) throws IOException {
    Path dir = ContainerPath.resolve(rootfs, containerPath(comps.subList(0, comps.size() - 1)));
    Node n = Node.in(rootfs, dir);
    if (n == null) {
      Files.createDirectories(dir);
      n = Node.in(rootfs, dir);
    }
    if (n == null || !n.isDir()) {
      throw bad(e, "has a parent \"" + ContainerPath.inContainer(rootfs, dir) + "\" that is not a directory");
    }
    return dir;
  }

  private static void remove(Path target, Node existing) throws IOException {
    if (existing.isDir()) {
      FileTrees.delete(target);
    } else {
      Files.delete(target);
    }
  }

  private static void writeFile(Path target, int perm, InputStream content) throws IOException {
    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      content.transferTo(out);
    }
  }

  private void hardlink(Path target, TarArchiveEntry e) throws IOException {
    List<String> comps = EntryPath.components(e.getLinkName(), "hardlink target");
    Path dir = ContainerPath.resolve(rootfs, containerPath(comps.subList(0, comps.size() - 1)));
    Path existing = dir.resolve(comps.getLast());
    Node n = Node.lstat(existing);
    if (n == null) throw bad(e, "is a hardlink to '" + EntryPath.abbreviate(e.getLinkName()) + "', which does not exist");
    if (n.isDir()) throw bad(e, "is a hardlink to '" + EntryPath.abbreviate(e.getLinkName()) + "', a directory");
    Files.createLink(target, existing);
  }

  private void metadata(Path p, TarArchiveEntry e, Kind kind, int perm) throws IOException {
    int uid = owner != null ? owner.uid() : (int) e.getLongUserId();
    int gid = owner != null ? owner.gid() : (int) e.getLongGroupId();
    Files.setAttribute(p, "unix:uid", uid, NOFOLLOW); // lchown; it clears setuid/setgid, so chmod comes after
    Files.setAttribute(p, "unix:gid", gid, NOFOLLOW);
    if (kind != Kind.SYMLINK) Files.setAttribute(p, "unix:mode", perm);
    xattrs(p, e.getExtraPaxHeaders());
    FileTime mtime = e.getLastModifiedTime();
    FileTime atime = e.getLastAccessTime() != null ? e.getLastAccessTime() : mtime;
    if (kind == Kind.DIR) {
      dirTimes.add(new DirTime(p, atime, mtime));
    } else {
      times(p, atime, mtime);
    }
  }

  /**
   * SCHILY.xattr.* records; a filesystem or kernel that refuses them (EPERM, ENOTSUP) is skipped, as dockerd
   * does. The tar reader decodes values as UTF-8, so a binary value (it shows a replacement character) is
   * skipped rather than written corrupted.
   */
  private static void xattrs(Path p, Map<String, String> pax) throws IOException {
    for (Map.Entry<String, String> x : pax.entrySet()) {
      if (!x.getKey().startsWith(XATTR)) continue;
      String name = x.getKey().substring(XATTR.length());
      if (name.startsWith("trusted.overlay.") || x.getValue().indexOf('\uFFFD') >= 0) continue;
      try {
        Libc.lsetxattr(p, name, x.getValue().getBytes(StandardCharsets.UTF_8));
      } catch (Libc.ErrnoException err) {
        if (err.errno() != EPERM && err.errno() != Libc.ENOTSUP) throw err;
      }
    }
  }

  private static void times(Path p, FileTime atime, FileTime mtime) throws IOException {
    java.time.Instant a = atime.toInstant();
    java.time.Instant m = mtime.toInstant();
    Libc.lutimes(p, a.getEpochSecond(), a.getNano(), m.getEpochSecond(), m.getNano());
  }

  private static InvalidArgumentException bad(TarArchiveEntry e, String why) {
    return new InvalidArgumentException("extract archive: entry '" + EntryPath.abbreviate(e.getName()) + "' " + why);
  }

  /** The node kinds a copy may carry. */
  enum Kind {
    FILE, DIR, SYMLINK, HARDLINK, CHAR, BLOCK, FIFO;

    static Kind of(TarArchiveEntry e) {
      return switch (e.getLinkFlag()) {
        case '0', 0, '7' -> e.getName().endsWith("/") ? DIR : FILE;
        case '5' -> DIR;
        case '2' -> SYMLINK;
        case '1' -> HARDLINK;
        case '3' -> CHAR;
        case '4' -> BLOCK;
        case '6' -> FIFO;
        default -> throw new InvalidArgumentException("extract archive: entry '" + EntryPath.abbreviate(e.getName())
            + "' has unsupported tar type '" + (char) e.getLinkFlag() + "'");
      };
    }
  }
}
