package dev.berth.runtime.fs;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.runtime.specgen.ExecUser;
import dev.berth.runtime.specgen.UserLookup;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The archive endpoints of a container ({@code HEAD/GET/PUT /containers/{id}/archive}) over its rootfs
 * directory, with dockerd's semantics:
 * <ul>
 *   <li>{@link #stat}: facts about a path; a final symlink is described, not followed, unless the path
 *       ends with "/".
 *   <li>{@link #write}: a tar whose entries are named from the path's base name ({@code /etc/hostname}
 *       gives {@code hostname}, {@code /etc} gives {@code etc/…}), or the directory's contents when the
 *       path ends with {@code /.} ({@code ./…}).
 *   <li>{@link #extract}: a tar (plain, gzip, bzip2 or zstd) unpacked into a directory, which must exist;
 *       a final symlink to a directory is followed.
 * </ul>
 * The rootfs may be the container's root directory on the host, or {@code /proc/<pid>/root} of its
 * process while it runs: that is the container's own view, volumes and tmpfs mounts included (its kernel
 * filesystems, /proc and /sys, are archived as empty directories).
 * Paths resolve inside the rootfs as the container would see them; nothing outside it is ever read or
 * written. The tar to extract is read and checked whole (spooled to a temporary file) before the first
 * write, so a malformed, truncated or escaping archive changes nothing; a filesystem failure half way can
 * still leave the entries before it written.
 *
 * <p>Races: the resolution is done in user space before each open, so a process of a running container
 * that swaps a directory for a symlink between the two could redirect one write (CVE-2018-15664). The
 * caller pauses a running container around {@link #extract} and {@link #write}, as dockerd does since that
 * CVE; a stopped container has nobody to race.
 *
 * <p>Errors: NotFoundException "Could not find the file PATH in container" when the path is missing,
 * InvalidArgumentException for a bad archive, "extraction point is not a directory", a clash refused by
 * {@code noOverwriteDirNonDir}; SystemException when the filesystem fails.
 */
public final class RootfsArchive {
  private RootfsArchive() {}

  public static PathInfo stat(Path rootfs, String path) {
    ContainerPath cp = ContainerPath.parse(path);
    try {
      return info(rootfs, cp, existing(rootfs, cp, path));
    } catch (IOException e) {
      throw new SystemException("stat " + path + " in the container: " + e.getMessage(), e);
    }
  }

  /** Writes the tar of {@code path} to {@code out} (flushed, not closed) and returns the path's facts. */
  public static PathInfo write(Path rootfs, String path, OutputStream out) {
    ContainerPath cp = ContainerPath.parse(path);
    try {
      Node n = existing(rootfs, cp, path);
      PathInfo info = info(rootfs, cp, n);
      String top = cp.contents() ? "." : cp.name();
      new TreeTarWriter(out, PseudoMounts.under(rootfs)).write(cp.resolved(rootfs), n, top);
      return info;
    } catch (IOException e) {
      throw new SystemException("archive " + path + " in the container: " + e.getMessage(), e);
    }
  }

  /**
   * Extracts {@code tar} into directory {@code dir} of the container.
   *
   * @param noOverwriteDirNonDir refuse to replace a directory with a non-directory or the reverse
   * @param owner the owner of every extracted node, or null to keep the tar's (see {@link #ownerOf})
   */
  public static void extract(Path rootfs, String dir, InputStream tar, boolean noOverwriteDirNonDir, Owner owner) {
    ContainerPath cp = ContainerPath.parse(dir);
    Path target = cp.resolvedFully(rootfs);
    Path spool = null;
    try {
      Node n = Node.in(rootfs, target);
      if (n == null) throw notFound(dir);
      if (!n.isDir()) throw new InvalidArgumentException("extraction point is not a directory");
      CopyIn copy = new CopyIn(rootfs, ContainerPath.inContainer(rootfs, target), noOverwriteDirNonDir, owner);
      spool = Files.createTempFile("berth-copy-", ".tar");
      checkAndSpool(tar, spool, copy);
      try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(spool))) {
        for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) copy.apply(e, in);
      }
      copy.finish();
    } catch (IOException e) {
      throw new SystemException("extract archive into " + dir + " in the container: " + e.getMessage(), e);
    } finally {
      deleteQuietly(spool);
    }
  }

  /**
   * dockerd's form of {@link #extract(Path, String, InputStream, boolean, Owner)}: with {@code copyUidGid}
   * ({@code docker cp -a}) every node gets the container's configured user ({@code containerUser}, see
   * {@link #ownerOf}); without it, or for a container without a user, the tar's owners are kept.
   */
  public static void extract(Path rootfs, String dir, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid,
      String containerUser) {
    Owner owner = copyUidGid ? ownerOf(rootfs, containerUser) : null;
    extract(rootfs, dir, tar, noOverwriteDirNonDir, owner);
  }

  /**
   * {@code docker cp -a}: the owner dockerd gives copied files, the container's configured user (name,
   * uid or uid:gid, looked up in the container's /etc/passwd and /etc/group); null when it has none, so
   * the tar's owners are kept.
   */
  public static Owner ownerOf(Path rootfs, String user) {
    if (user == null || user.isBlank()) return null;
    ExecUser u = UserLookup.resolve(rootfs, user, List.of());
    return new Owner(u.uid(), u.gid());
  }

  private static Node existing(Path rootfs, ContainerPath cp, String path) throws IOException {
    Node n = Node.in(rootfs, cp.resolved(rootfs));
    if (n == null) throw notFound(path);
    if ((cp.base().isEmpty() || cp.base().equals(".")) && !n.isDir()) {
      throw new InvalidArgumentException("stat " + path + " in the container: not a directory");
    }
    return n;
  }

  private static PathInfo info(Path rootfs, ContainerPath cp, Node n) {
    String link = n.isSymlink() ? ContainerPath.inContainer(rootfs, cp.resolvedFully(rootfs)) : "";
    return new PathInfo(cp.name(), n.size(), GoFileMode.of(n.mode()), n.mtime(), link);
  }

  private static NotFoundException notFound(String path) {
    return new NotFoundException("Could not find the file " + path + " in container");
  }

  /** Reads the whole body once: every header is checked while the plain tar is copied to {@code spool}. */
  private static void checkAndSpool(InputStream body, Path spool, CopyIn copy) throws IOException {
    try (OutputStream file = Files.newOutputStream(spool);
        TarArchiveInputStream tar = new TarArchiveInputStream(new Tee(plain(body), file))) {
      TarArchiveEntry e;
      while ((e = nextEntry(tar)) != null) {
        copy.check(e);
        long n = readBody(tar, e);
        if (n != e.getSize() && !e.isDirectory()) {
          throw new InvalidArgumentException("extract archive: truncated at entry '" + EntryPath.abbreviate(e.getName())
              + "': " + n + " of " + e.getSize() + " bytes");
        }
      }
    } catch (UncheckedIOException e) {
      throw new InvalidArgumentException("extract archive: cannot read the request body: " + e.getCause().getMessage(), e);
    }
  }

  private static InputStream plain(InputStream body) {
    try {
      return Decompression.open(body);
    } catch (IOException e) {
      throw new InvalidArgumentException("extract archive: cannot read the archive's compression: " + e.getMessage(), e);
    }
  }

  private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) {
    try {
      return tar.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidArgumentException("extract archive: not a valid tar: " + e.getMessage(), e);
    }
  }

  private static long readBody(TarArchiveInputStream tar, TarArchiveEntry e) {
    try {
      return tar.transferTo(OutputStream.nullOutputStream());
    } catch (IOException ex) {
      throw new InvalidArgumentException("extract archive: entry '" + EntryPath.abbreviate(e.getName())
          + "' cannot be read: " + ex.getMessage(), ex);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p == null) return;
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover temp file is harmless
    }
  }

  /**
   * Copies what is read to the spool file. Read errors of the body are the client's (bad input); write
   * errors of the spool are ours: they are told apart by their type.
   */
  private static final class Tee extends FilterInputStream {
    private final OutputStream copy;

    Tee(InputStream in, OutputStream copy) {
      super(in);
      this.copy = copy;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = super.read(b, off, len);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (n > 0) copy.write(b, off, n);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
      long done = 0;
      while (done < n) {
        int r = read(buf, 0, (int) Math.min(buf.length, n - done));
        if (r < 0) break;
        done += r;
      }
      return done;
    }
  }
}
