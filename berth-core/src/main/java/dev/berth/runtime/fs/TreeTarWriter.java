package dev.berth.runtime.fs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a tar of one node, or of a directory and everything below it, under a chosen top name, as
 * dockerd's archive of a container path: numeric owners, permission bits with setuid/setgid/sticky, whole
 * second mtimes, directories with a trailing slash before their children (in name order), hardlinked
 * regular files after the first as hardlink entries, device nodes and fifos as such; sockets are left
 * out. Symlinks are archived as links, never followed; directories in {@code emptied} (kernel filesystems of a
 * running container) are archived without their contents. PAX headers carry long or non-ASCII names and big
 * numbers. The caller's stream is flushed, not closed.
 */
final class TreeTarWriter {
  private final TarArchiveOutputStream tar;
  private final Map<String, String> firstLinkByInode = new HashMap<>();
  private final byte[] buffer = new byte[1 << 16];
  private final Set<Path> emptied;

  /** @param emptied directories archived without their contents (kernel filesystems, see PseudoMounts) */
  TreeTarWriter(OutputStream out, Set<Path> emptied) {
    this.emptied = Set.copyOf(emptied);
    OutputStream keepOpen = new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
    tar = new TarArchiveOutputStream(keepOpen, 512);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /** Archives {@code host}, whose node is {@code n}, as {@code name} (children as {@code name/child}); ends the tar. */
  void write(Path host, Node n, String name) throws IOException {
    add(host, name, n);
    tar.finish();
    tar.flush();
  }

  private void add(Path host, String name, Node n) throws IOException {
    if (n.isDir()) {
      put(entry(name + "/", TarConstants.LF_DIR, n), null, 0);
      if (emptied.contains(host)) return;
      for (Path child : sortedChildren(host)) {
        Node c = Node.lstat(child);
        if (c != null) add(child, name + "/" + child.getFileName(), c); // gone meanwhile: skipped
      }
      return;
    }
    if (n.isRegular() && n.nlink() > 1) {
      String first = firstLinkByInode.putIfAbsent(n.dev() + ":" + n.ino(), name);
      if (first != null) {
        TarArchiveEntry e = entry(name, TarConstants.LF_LINK, n);
        e.setLinkName(first);
        put(e, null, 0);
        return;
      }
    }
    switch (n.type()) {
      case Node.S_IFREG -> regular(host, name, n);
      case Node.S_IFLNK -> {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, n);
        e.setLinkName(Files.readSymbolicLink(host).toString());
        put(e, null, 0);
      }
      case Node.S_IFCHR, Node.S_IFBLK, Node.S_IFIFO -> device(name, n);
      default -> { } // sockets (and anything stranger) have no tar form: left out, as dockerd does
    }
  }

  private void regular(Path host, String name, Node n) throws IOException {
    try (InputStream in = Files.newInputStream(host)) {
      put(entry(name, TarConstants.LF_NORMAL, n), in, n.size());
    }
  }

  private void device(String name, Node n) throws IOException {
    byte flag = switch (n.type()) {
      case Node.S_IFCHR -> TarConstants.LF_CHR;
      case Node.S_IFBLK -> TarConstants.LF_BLK;
      default -> TarConstants.LF_FIFO;
    };
    TarArchiveEntry e = entry(name, flag, n);
    if (flag != TarConstants.LF_FIFO) {
      e.setDevMajor(n.major());
      e.setDevMinor(n.minor());
    }
    put(e, null, 0);
  }

  private static List<Path> sortedChildren(Path dir) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path c : ds) children.add(c);
    }
    children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    return children;
  }

  private static TarArchiveEntry entry(String name, byte flag, Node n) {
    TarArchiveEntry e = new TarArchiveEntry(name, flag, true);
    e.setMode(n.mode() & 07777);
    e.setUserId((long) n.uid() & 0xffffffffL);
    e.setGroupId((long) n.gid() & 0xffffffffL);
    e.setUserName("");
    e.setGroupName("");
    e.setModTime(FileTime.from(n.mtime().getEpochSecond(), TimeUnit.SECONDS));
    e.setSize(0);
    return e;
  }

  // Twin of build.context.TarSink.put: kept apart because no package both may use can hold commons-compress code.
  /** Writes the entry with exactly {@code size} bytes: a file that shrank meanwhile is padded with zeros. */
  private void put(TarArchiveEntry e, InputStream content, long size) throws IOException {
    e.setSize(size);
    tar.putArchiveEntry(e);
    long left = size;
    while (content != null && left > 0) {
      int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) break;
      tar.write(buffer, 0, n);
      left -= n;
    }
    if (left > 0) {
      java.util.Arrays.fill(buffer, (byte) 0);
      while (left > 0) {
        int n = (int) Math.min(buffer.length, left);
        tar.write(buffer, 0, n);
        left -= n;
      }
    }
    tar.closeArchiveEntry();
  }
}
