package dev.berth.cli.container;

import dev.berth.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The local side of {@code cp}: a file or a tree written as a tar whose top entry carries a chosen name (what
 * the container's archive endpoint unpacks), and a tar from the container unpacked into a directory with
 * its top entry renamed. An entry that would land outside the target ({@code ../x}, an absolute path) stops
 * the copy.
 */
final class LocalTar {
  private LocalTar() {}

  /** Writes {@code source} (recursively) as a tar whose top entry is named {@code name}. */
  static void write(Path source, String name, boolean followLink, OutputStream out) throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      LinkOption[] links = followLink ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
      add(tar, source, name, links);
      if (Files.isDirectory(source, links)) {
        try (Stream<Path> tree = Files.walk(source)) {
          for (Path p : (Iterable<Path>) tree.skip(1)::iterator) {
            add(tar, p, name + "/" + source.relativize(p).toString(), new LinkOption[] {LinkOption.NOFOLLOW_LINKS});
          }
        }
      }
      tar.finish();
    }
  }

  private static void add(TarArchiveOutputStream tar, Path p, String name, LinkOption[] links) throws IOException {
    TarArchiveEntry entry;
    if (Files.isSymbolicLink(p) && links.length > 0) {
      entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
      entry.setLinkName(Files.readSymbolicLink(p).toString());
    } else if (Files.isDirectory(p, links)) {
      entry = new TarArchiveEntry(name + "/");
    } else {
      entry = new TarArchiveEntry(name);
      entry.setSize(Files.size(p));
    }
    entry.setMode(mode(p, links) | (entry.isDirectory() ? 0040000 : entry.isSymbolicLink() ? 0120000 : 0100000));
    entry.setModTime(Files.getLastModifiedTime(p, links));
    tar.putArchiveEntry(entry);
    if (entry.isFile()) {
      try (InputStream in = Files.newInputStream(p)) {
        in.transferTo(tar);
      }
    }
    tar.closeArchiveEntry();
  }

  private static int mode(Path p, LinkOption[] links) throws IOException {
    if (Files.isSymbolicLink(p) && links.length > 0) return 0777;
    int mode = 0;
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, links);
    PosixFilePermission[] order = PosixFilePermission.values();
    for (int i = 0; i < order.length; i++) if (perms.contains(order[i])) mode |= 1 << (8 - i);
    return mode;
  }

  /**
   * Unpacks a tar into {@code dir}, the top entry (the first path component) renamed to {@code name}.
   */
  static void extract(InputStream in, Path dir, String name) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        Path target = root.resolve(rename(e.getName(), name)).normalize();
        if (!target.startsWith(root) || target.equals(root)) throw new CliException("cp: the archive's entry " + e.getName() + " is outside the destination");
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (e.isSymbolicLink()) {
          Files.deleteIfExists(target);
          Files.createSymbolicLink(target, Path.of(e.getLinkName()));
        } else if (e.isFile()) {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } else {
          continue;
        }
        if (!e.isSymbolicLink()) {
          Files.setPosixFilePermissions(target, permissions(e.getMode()));
          Files.setLastModifiedTime(target, e.getLastModifiedTime());
        }
      }
    }
  }

  private static String rename(String entry, String name) {
    String clean = entry.startsWith("./") ? entry.substring(2) : entry;
    int slash = clean.indexOf('/');
    return slash < 0 ? name : name + clean.substring(slash);
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = PosixFilePermission.values();
    for (int i = 0; i < order.length; i++) if ((mode & (1 << (8 - i))) != 0) perms.add(order[i]);
    return perms;
  }
}
