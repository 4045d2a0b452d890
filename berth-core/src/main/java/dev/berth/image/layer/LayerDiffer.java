package dev.berth.image.layer;

import dev.berth.errors.SystemException;
import dev.berth.oci.Digest;
import dev.berth.sys.Libc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Produces a layer: the uncompressed tar of the changes from one tree to another, with OCI whiteouts.
 * The output is deterministic: entries in name order, no user names, whole-second mtimes. Every entry is
 * preceded by its parent directories, so the layer applies to an empty overlay upperdir as well.
 *
 * <p>A file counts as modified when its type, mode, owner, mtime, size, link target, device number or
 * xattrs differ; when all of those match but the mtime has no sub-second part (as after extracting a tar)
 * the contents are compared too. A deleted file or directory becomes {@code .wh.name}. Overlay's own
 * {@code trusted.overlay.*} xattrs are never written.
 */
public final class LayerDiffer {
  private LayerDiffer() {}

  /**
   * Writes the changes from {@code lower} (null: empty) to {@code upper}, two full trees, to {@code out},
   * which is flushed but not closed.
   *
   * @return the diffID: sha256 of the bytes written
   */
  public static Digest diff(Path lower, Path upper, OutputStream out) {
    Objects.requireNonNull(upper, "upper");
    Objects.requireNonNull(out, "out");
    try {
      TreeWalk walk = new TreeWalk(new LayerTarWriter(out));
      walk.compare("", lower, upper);
      return walk.writer.finish();
    } catch (IOException e) {
      throw new SystemException("diff " + lower + " -> " + upper + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the layer an overlayfs upperdir stands for: a character device 0:0 becomes {@code .wh.name}, a
   * directory with {@code trusted.overlay.opaque=y} is followed by {@code .wh..wh..opq}, everything else
   * is written as it is.
   */
  public static Digest diffOverlayUpper(Path upperdir, OutputStream out) {
    Objects.requireNonNull(upperdir, "upperdir");
    Objects.requireNonNull(out, "out");
    try {
      TreeWalk walk = new TreeWalk(new LayerTarWriter(out));
      walk.upper("", upperdir);
      return walk.writer.finish();
    } catch (IOException e) {
      throw new SystemException("diff overlay upperdir " + upperdir + ": " + e.getMessage(), e);
    }
  }

  /** Directory entries not yet written because nothing below them changed (yet). */
  private record Pending(String name, Path path, FileStat st) {}

  private static final class TreeWalk {
    final LayerTarWriter writer;
    private final List<Pending> pending = new ArrayList<>();

    TreeWalk(LayerTarWriter writer) {
      this.writer = writer;
    }

    void compare(String rel, Path lowerDir, Path upperDir) throws IOException {
      List<String> upperNames = list(upperDir);
      List<String> lowerNames = lowerDir == null ? List.of() : list(lowerDir);
      int i = 0;
      int j = 0;
      while (i < upperNames.size() || j < lowerNames.size()) {
        int c = i == upperNames.size() ? 1 : j == lowerNames.size() ? -1
            : upperNames.get(i).compareTo(lowerNames.get(j));
        if (c > 0) {
          flushPending();
          writer.whiteout(rel, lowerNames.get(j++));
          continue;
        }
        String name = upperNames.get(i++);
        Path lower = c == 0 ? lowerDir.resolve(lowerNames.get(j++)) : null;
        entry(EntryNames.child(rel, name), lower, upperDir.resolve(name));
      }
    }

    private void entry(String name, Path lower, Path upper) throws IOException {
      FileStat u = FileStat.of(upper);
      FileStat l = lower == null ? null : FileStat.of(lower);
      if (l == null || l.type() != u.type()) {
        addTree(name, upper, u);
        return;
      }
      SortedMap<String, byte[]> ux = xattrs(upper);
      if (u.isDir()) {
        boolean changed = !u.sameMeta(l) || !sameXattrs(ux, xattrs(lower));
        if (changed) {
          flushPending();
          writer.add(name, upper, u, ux);
        } else {
          pending.add(new Pending(name, upper, u));
        }
        compare(name, lower, upper);
        if (!changed && !pending.isEmpty()) pending.removeLast();
        return;
      }
      if (modified(l, u, lower, upper) || !sameXattrs(ux, xattrs(lower))) {
        flushPending();
        writer.add(name, upper, u, ux);
      }
    }

    private void addTree(String name, Path path, FileStat st) throws IOException {
      flushPending();
      writer.add(name, path, st, xattrs(path));
      if (!st.isDir()) return;
      for (String child : list(path)) {
        Path p = path.resolve(child);
        addTree(EntryNames.child(name, child), p, FileStat.of(p));
      }
    }

    void upper(String rel, Path dir) throws IOException {
      for (String child : list(dir)) {
        Path p = dir.resolve(child);
        FileStat st = FileStat.of(p);
        String name = EntryNames.child(rel, child);
        if (st.isOverlayWhiteout()) {
          writer.whiteout(rel, child);
          continue;
        }
        writer.add(name, p, st, xattrs(p));
        if (!st.isDir()) continue;
        byte[] opaque = Libc.lgetxattr(p, Extraction.OPAQUE_XATTR);
        if (opaque != null && opaque.length == 1 && opaque[0] == 'y') writer.opaque(name);
        upper(name, p);
      }
    }

    private void flushPending() throws IOException {
      for (Pending p : pending) writer.add(p.name(), p.path(), p.st(), xattrs(p.path()));
      pending.clear();
    }
  }

  private static boolean modified(FileStat l, FileStat u, Path lower, Path upper) throws IOException {
    if (u.sameInode(l)) return false;
    if (!u.sameMeta(l) || u.size() != l.size() || u.rdev() != l.rdev()) return true;
    if (u.isSymlink()) return !Files.readSymbolicLink(upper).equals(Files.readSymbolicLink(lower));
    if (u.isRegular() && u.mtimeNsec() == 0) return !sameContent(lower, upper);
    return false;
  }

  private static boolean sameContent(Path a, Path b) throws IOException {
    try (InputStream x = Files.newInputStream(a); InputStream y = Files.newInputStream(b)) {
      byte[] bx = new byte[1 << 16];
      byte[] by = new byte[1 << 16];
      while (true) {
        int n = x.readNBytes(bx, 0, bx.length);
        int m = y.readNBytes(by, 0, by.length);
        if (n != m || !Arrays.equals(bx, 0, n, by, 0, m)) return false;
        if (n < bx.length) return true;
      }
    }
  }

  static SortedMap<String, byte[]> xattrs(Path p) throws IOException {
    List<String> names = Libc.llistxattr(p);
    if (names.isEmpty()) return Collections.emptySortedMap();
    SortedMap<String, byte[]> out = new TreeMap<>();
    for (String n : names) {
      if (n.startsWith(NodeWriter.OVERLAY_XATTR_PREFIX)) continue;
      byte[] v = Libc.lgetxattr(p, n);
      if (v != null) out.put(n, v);
    }
    return out;
  }

  private static boolean sameXattrs(Map<String, byte[]> a, Map<String, byte[]> b) {
    if (!a.keySet().equals(b.keySet())) return false;
    for (Map.Entry<String, byte[]> e : a.entrySet()) {
      if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) return false;
    }
    return true;
  }

  private static List<String> list(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) names.add(p.getFileName().toString());
    }
    Collections.sort(names);
    return names;
  }
}
