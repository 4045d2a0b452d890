package dev.berth.image.layer;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.sys.Libc;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One run of {@link LayerApplier}: applies tar entries in order to a target directory. Holds what must
 * outlive a single entry: the paths this layer wrote (whiteouts only hide lower layers), and directory
 * mtimes, which are set last because writing into a directory changes its mtime.
 */
final class Extraction {
  static final String WHITEOUT = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";
  static final String WHITEOUT_META = ".wh..wh.";
  static final String OPAQUE_XATTR = "trusted.overlay.opaque";

  private record DirTime(Path path, long sec, long nsec) {}

  private final RootResolver resolver;
  private final NodeWriter writer;
  private final WhiteoutMode mode;
  /** Keys this layer wrote, and every ancestor of them: what an opaque whiteout or a whiteout keeps. */
  private final Set<String> layerPaths = new HashSet<>();
  private final List<DirTime> dirTimes = new ArrayList<>();
  private long files;

  Extraction(Path target, WhiteoutMode mode) throws IOException {
    NativeFiles files = new NativeFiles();
    this.resolver = new RootResolver(target, files);
    this.writer = new NodeWriter(resolver, files);
    this.mode = mode;
  }

  long files() {
    return files;
  }

  void entry(TarReader.Entry e, TarReader content) throws IOException {
    String name = e.name();
    String[] comps = EntryNames.components(name, "entry");
    if (comps.length == 0) {
      rootEntry(e, name);
      return;
    }
    String base = comps[comps.length - 1];
    if (base.startsWith(WHITEOUT)) {
      whiteout(comps, base, name);
      return;
    }
    RootResolver.Dir parent = resolver.resolve(comps, comps.length - 1, true, name);
    Path p = parent.path().resolve(base);
    String key = EntryNames.child(parent.key(), base);
    if (!node(e, content, p, key, parent.setgid(), name)) return;
    mark(key);
    files++;
  }

  /** Creates the node; false when the entry is a no-op (a hardlink to itself). */
  private boolean node(TarReader.Entry e, TarReader content, Path p, String key, boolean setgid, String name)
      throws IOException {
    int perm = e.mode() & 07777;
    byte flag = e.type();
    if (flag == '1') return hardlink(e, p, name);
    NodeWriter.Owner owner = new NodeWriter.Owner((int) e.uid(), (int) e.gid(), perm, setgid);
    boolean fresh = true;
    boolean dir = false;
    switch (flag) {
      case '2' -> writer.symlink(p, e.linkName());
      case '3' -> writer.device(p, Libc.S_IFCHR, perm, e.devMajor(), e.devMinor());
      case '4' -> writer.device(p, Libc.S_IFBLK, perm, e.devMajor(), e.devMinor());
      case '6' -> writer.device(p, Libc.S_IFIFO, perm, 0, 0);
      case '5' -> dir = true;
      case '0', 0, '7' -> {
        if (name.endsWith("/")) {
          dir = true; // pre-POSIX tars mark directories by a trailing slash only
        } else {
          writer.regular(p, owner, content, e.mtimeSec(), e.mtimeNsec());
          writer.xattrs(p, e.xattrs());
          return true;
        }
      }
      default -> throw new InvalidArgumentException("apply layer: entry '" + EntryNames.abbreviate(name)
          + "' has unsupported tar type '" + (char) flag + "'");
    }
    if (dir) {
      fresh = writer.directory(p, perm);
      resolver.remember(key, p, (perm & RootResolver.S_ISGID) != 0);
    }
    writer.ownerAndMode(p, owner, fresh, flag == '2');
    writer.xattrs(p, e.xattrs());
    setTimes(p, e, dir);
    return true;
  }

  private boolean hardlink(TarReader.Entry e, Path p, String name) throws IOException {
    String linkName = e.linkName();
    String[] comps = EntryNames.components(linkName, "hardlink target");
    if (comps.length == 0) throw badLink(name, linkName, "is the target directory itself");
    RootResolver.Dir dir = resolver.resolve(comps, comps.length - 1, false, name);
    Path target = dir == null ? null : dir.path().resolve(comps[comps.length - 1]);
    int m = target == null ? -1 : resolver.mode(target);
    if (m < 0) throw badLink(name, linkName, "does not exist");
    if (RootResolver.isDir(m)) throw badLink(name, linkName, "is a directory");
    if (target.equals(p)) return false;
    writer.hardlink(p, target);
    return true;
  }

  private static InvalidArgumentException badLink(String name, String link, String why) {
    return new InvalidArgumentException("apply layer: hardlink '" + EntryNames.abbreviate(name) + "' -> '"
        + EntryNames.abbreviate(link) + "': target " + why);
  }

  /** The entry for the target itself ("./"): only a directory makes sense, and it sets the root's metadata. */
  private void rootEntry(TarReader.Entry e, String name) throws IOException {
    if (e.type() != '5' && !name.endsWith("/")) {
      throw new InvalidArgumentException("apply layer: entry '" + name + "' names the target directory but is not a directory");
    }
    Path root = resolver.root();
    int perm = e.mode() & 07777;
    writer.ownerAndMode(root, new NodeWriter.Owner((int) e.uid(), (int) e.gid(), perm, false), false, false);
    writer.xattrs(root, e.xattrs());
    setTimes(root, e, true);
    resolver.remember("", root, (perm & RootResolver.S_ISGID) != 0);
  }

  private void setTimes(Path p, TarReader.Entry e, boolean dir) throws IOException {
    if (dir) {
      dirTimes.add(new DirTime(p, e.mtimeSec(), e.mtimeNsec()));
    } else {
      writer.times(p, e.mtimeSec(), e.mtimeNsec());
    }
  }

  private void whiteout(String[] comps, String base, String name) throws IOException {
    boolean opaque = base.equals(OPAQUE);
    if (!opaque && base.startsWith(WHITEOUT_META)) return; // aufs bookkeeping (.wh..wh.plnk …): ignored, as Docker does
    String hidden = base.substring(WHITEOUT.length());
    if (!opaque && (hidden.isEmpty() || hidden.equals(".") || hidden.equals(".."))) {
      throw new InvalidArgumentException("apply layer: whiteout '" + name + "' names no file");
    }
    RootResolver.Dir dir = resolver.resolve(comps, comps.length - 1, mode == WhiteoutMode.OVERLAY, name);
    if (dir == null) return; // its directory does not exist: nothing below to hide
    if (opaque) {
      removeLower(dir.path(), dir.key());
      if (mode == WhiteoutMode.OVERLAY) writer.overlayOpaque(dir.path());
      mark(dir.key());
      return;
    }
    String key = EntryNames.child(dir.key(), hidden);
    if (layerPaths.contains(key)) return; // a whiteout hides lower layers only, never its own layer
    Path p = dir.path().resolve(hidden);
    writer.removeExisting(p);
    if (mode == WhiteoutMode.OVERLAY) {
      writer.overlayWhiteout(p);
      mark(key);
    }
  }

  /** Removes everything under {@code dir} that this layer did not write. */
  private void removeLower(Path dir, String key) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path c : ds) children.add(c);
    }
    for (Path c : children) {
      String ck = EntryNames.child(key, c.getFileName().toString());
      if (!layerPaths.contains(ck)) {
        writer.removeExisting(c);
      } else if (RootResolver.isDir(resolver.mode(c))) {
        removeLower(c, ck);
      }
    }
  }

  /** Records a key and its ancestors as written by this layer. */
  private void mark(String key) {
    String k = key;
    while (layerPaths.add(k) && !k.isEmpty()) {
      int slash = k.lastIndexOf('/');
      k = slash < 0 ? "" : k.substring(0, slash);
    }
  }

  /** Sets directory mtimes, after every write into them. */
  void finish() throws IOException {
    for (DirTime d : dirTimes) writer.times(d.path(), d.sec(), d.nsec());
  }
}
