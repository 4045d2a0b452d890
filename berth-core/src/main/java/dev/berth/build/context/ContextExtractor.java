package dev.berth.build.context;

import dev.berth.errors.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a context tar into a directory of this machine, refusing anything that could write outside it:
 * absolute names, {@code ..} that climbs out, entries below a symlink (the tar's or one already there),
 * hardlinks to outside or to a directory. Modes, owners (when permitted), symlinks and mtimes are kept;
 * device nodes and fifos are left out (a build context has no use for them). The caller empties the
 * directory when this fails.
 */
final class ContextExtractor {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private record DirTime(Path path, FileTime mtime) {}

  private final Path dir;
  private final List<DirTime> dirTimes = new ArrayList<>();
  private String previous = null;

  ContextExtractor(Path dir) {
    this.dir = dir;
  }

  void run(InputStream raw) throws IOException {
    InputStream in;
    try {
      in = Archives.decompressed(raw);
    } catch (IOException e) {
      throw new InvalidArgumentException("unpack the build context: not a readable archive: " + e.getMessage(), e);
    }
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e; (e = next(tar)) != null; ) {
        apply(e, tar);
        previous = e.getName();
      }
    }
    for (DirTime d : dirTimes.reversed()) Files.setLastModifiedTime(d.path(), d.mtime());
  }

  private TarArchiveEntry next(TarArchiveInputStream tar) {
    try {
      return tar.getNextEntry();
    } catch (IOException | RuntimeException e) {
      String where = previous == null ? "at its start" : "after entry '" + previous + "'";
      throw new InvalidArgumentException("unpack the build context: malformed tar " + where + ": " + e.getMessage(), e);
    }
  }

  private void apply(TarArchiveEntry e, InputStream content) throws IOException {
    String rel = relative(e.getName(), e.getName());
    if (rel.isEmpty()) return; // the context root keeps the directory's own metadata
    Path target = parentOf(rel, e).resolve(GoPath.base(rel));
    boolean exists = Files.exists(target, NOFOLLOW);
    boolean isDirEntry = e.isDirectory();
    if (exists && !(isDirEntry && Files.isDirectory(target, NOFOLLOW))) deleteTree(target);
    if (isDirEntry) {
      if (!Files.isDirectory(target, NOFOLLOW)) Files.createDirectory(target);
    } else if (e.isSymbolicLink()) {
      Files.createSymbolicLink(target, target.getFileSystem().getPath(e.getLinkName()));
    } else if (e.isLink()) {
      Files.createLink(target, hardlinkSource(e));
      return; // shares the first name's inode and metadata
    } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      return;
    } else if (e.isFile()) {
      writeFile(target, content, e);
    } else {
      throw bad(e.getName(), "has an unsupported type '" + (char) e.getLinkFlag() + "'");
    }
    metadata(target, e);
  }

  /** The cleaned relative name; refused when absolute or climbing out. */
  private static String relative(String name, String entry) {
    if (name.startsWith("/")) throw bad(entry, "has an absolute name");
    String c = GoPath.clean(name);
    if (c.equals("..") || c.startsWith("../")) throw bad(entry, "points outside the context directory");
    return c.equals(".") ? "" : c;
  }

  /** The entry's parent directory, created (0755) when missing; refused when a symlink or not a directory. */
  private Path parentOf(String rel, TarArchiveEntry e) throws IOException {
    Path p = dir;
    for (String c : GoPath.elements(GoPath.parent(rel).isEmpty() ? "." : GoPath.parent(rel))) {
      p = p.resolve(c);
      if (Files.isSymbolicLink(p)) throw bad(e.getName(), "is below the symlink '" + dir.relativize(p) + "'");
      if (!Files.exists(p, NOFOLLOW)) {
        Files.createDirectory(p);
        Files.setAttribute(p, "unix:mode", 0755);
      } else if (!Files.isDirectory(p, NOFOLLOW)) {
        throw bad(e.getName(), "has a parent '" + dir.relativize(p) + "' that is not a directory");
      }
    }
    return p;
  }

  private Path hardlinkSource(TarArchiveEntry e) throws IOException {
    String rel = relative(e.getLinkName(), e.getName());
    if (rel.isEmpty()) throw bad(e.getName(), "is a hardlink to the context directory itself");
    Path source = dir;
    List<String> elements = GoPath.elements(rel);
    for (int i = 0; i < elements.size(); i++) {
      source = source.resolve(elements.get(i));
      if (i < elements.size() - 1 && Files.isSymbolicLink(source)) {
        throw bad(e.getName(), "is a hardlink below the symlink '" + dir.relativize(source) + "'");
      }
    }
    if (!Files.exists(source, NOFOLLOW)) throw bad(e.getName(), "is a hardlink to '" + e.getLinkName() + "', which does not exist");
    if (Files.isDirectory(source, NOFOLLOW)) throw bad(e.getName(), "is a hardlink to the directory '" + e.getLinkName() + "'");
    return source;
  }

  private static void writeFile(Path target, InputStream content, TarArchiveEntry e) throws IOException {
    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      try {
        content.transferTo(out);
      } catch (IOException x) {
        throw bad(e.getName(), "cannot be read: " + x.getMessage());
      }
    }
  }

  private void metadata(Path target, TarArchiveEntry e) throws IOException {
    try {
      Files.setAttribute(target, "unix:uid", (int) e.getLongUserId(), NOFOLLOW);
      Files.setAttribute(target, "unix:gid", (int) e.getLongGroupId(), NOFOLLOW);
    } catch (FileSystemException notPermitted) {
      // not root: the files stay ours, as an unprivileged tar would leave them
    }
    FileTime mtime = e.getLastModifiedTime();
    if (e.isSymbolicLink()) {
      Files.getFileAttributeView(target, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, null, null);
      return;
    }
    Files.setAttribute(target, "unix:mode", e.getMode() & 07777);
    if (e.isDirectory()) {
      dirTimes.add(new DirTime(target, mtime));
    } else {
      Files.setLastModifiedTime(target, mtime);
    }
  }

  /** Deletes {@code p} and, for a directory, everything below it, never following a symlink. */
  static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p, NOFOLLOW)) {
      for (Path c : SourceWalker.sortedChildren(p)) deleteTree(c);
    }
    Files.delete(p);
  }

  private static InvalidArgumentException bad(String entry, String why) {
    return new InvalidArgumentException("unpack the build context: entry '" + entry + "' " + why);
  }
}
