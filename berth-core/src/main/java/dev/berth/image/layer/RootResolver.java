package dev.berth.image.layer;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.sys.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves directories under the target root as if the root were {@code /}: a symlink met on the way is
 * followed inside the root ({@code a -> /etc} leads to {@code <root>/etc}, {@code a -> ../../..} stops at
 * the root), never outside it. This is the securejoin / fs.RootPath idea; only the applier writes into the
 * root while it runs, so there is no race to guard against.
 *
 * <p>Resolved real directories are remembered (with their setgid bit, which decides the group of new
 * files), so the common case costs no stat at all. The applier calls {@link #forget()} whenever it removes
 * a directory, since any remembered path below it may be gone or become a symlink.
 */
final class RootResolver {
  private static final int MAX_SYMLINKS = 40;
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  static final int S_IFMT = 0170000;
  static final int S_IFDIR = 0040000;
  static final int S_IFLNK = 0120000;
  static final int S_IFREG = 0100000;
  static final int S_ISGID = 02000;

  /** A real directory under the root: its path, its key relative to the root, and its setgid bit. */
  record Dir(Path path, String key, boolean setgid) {}

  private final Path root;
  private final NativeFiles files;
  private final Map<String, Boolean> dirs = new HashMap<>();
  private final Map<String, Path> paths = new HashMap<>();

  RootResolver(Path root, NativeFiles files) throws IOException {
    this.root = root;
    this.files = files;
    int m = mode(root);
    if (!isDir(m)) throw new InvalidArgumentException("apply layer: target " + root + " is not a directory");
    remember("", root, setgid(m));
  }

  Path root() {
    return root;
  }

  /** The path of a key relative to the root, without any resolution. */
  Path pathOf(String key) {
    return key.isEmpty() ? root : root.resolve(key);
  }

  /**
   * Resolves components {@code [0, end)} of an entry name to a real directory.
   *
   * @param create make missing directories (mode 0755, as Docker does); otherwise return null for them
   */
  Dir resolve(String[] comps, int end, boolean create, String name) throws IOException {
    String lexical = EntryNames.join(comps, end);
    Boolean known = dirs.get(lexical);
    if (known != null) return new Dir(paths.get(lexical), lexical, known);
    Deque<String> todo = new ArrayDeque<>(end + 4);
    for (int i = 0; i < end; i++) todo.add(comps[i]);
    return walk(todo, create, name);
  }

  private Dir walk(Deque<String> todo, boolean create, String name) throws IOException {
    List<String> done = new ArrayList<>();
    String key = "";
    int links = 0;
    while (!todo.isEmpty()) {
      String c = todo.poll();
      if (c.isEmpty() || c.equals(".")) continue;
      if (c.equals("..")) {
        if (!done.isEmpty()) done.removeLast();
        key = String.join("/", done);
        continue;
      }
      String next = EntryNames.child(key, c);
      if (!dirs.containsKey(next)) {
        Path p = pathOf(next);
        int m = mode(p);
        if (m < 0) {
          if (!create) return null;
          mkdir(p);
          remember(next, p, dirs.get(key)); // a new directory inherits a setgid parent's bit
        } else if (isSymlink(m)) {
          if (++links > MAX_SYMLINKS) {
            throw new InvalidArgumentException("apply layer: entry '" + name + "': too many levels of symbolic links");
          }
          String target = Files.readSymbolicLink(p).toString();
          if (target.startsWith("/")) {
            done.clear();
            key = "";
          }
          String[] parts = target.split("/");
          for (int i = parts.length - 1; i >= 0; i--) todo.addFirst(parts[i]);
          continue;
        } else if (isDir(m)) {
          remember(next, p, setgid(m));
        } else {
          throw new InvalidArgumentException(
              "apply layer: entry '" + name + "': '" + next + "' exists and is not a directory");
        }
      }
      done.add(c);
      key = next;
    }
    return new Dir(pathOf(key), key, dirs.get(key));
  }

  private void mkdir(Path p) throws IOException {
    try {
      files.mkdir(p, 0755);
    } catch (Libc.ErrnoException e) {
      // created meanwhile by nobody else: cannot happen, but an existing dir is what we want
      if (e.errno() != NativeFiles.EEXIST) throw e;
    }
  }

  /** Records that {@code key} is a real directory, as the applier does for each directory entry. */
  void remember(String key, Path path, boolean setgid) {
    dirs.put(key, setgid);
    paths.put(key, path);
  }

  /** Drops every remembered directory except the root, after a directory was removed or replaced. */
  void forget() {
    Boolean rootSetgid = dirs.get("");
    dirs.clear();
    paths.clear();
    remember("", root, rootSetgid);
  }

  /** The st_mode of {@code p} without following a final symlink, or -1 when nothing is there. */
  int mode(Path p) throws IOException {
    return files.lstatMode(p);
  }

  /** {@link #mode} through java.nio, for where statx(2) is refused. */
  static int nioMode(Path p) throws IOException {
    try {
      return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW);
    } catch (NoSuchFileException e) {
      return -1;
    }
  }

  static boolean isDir(int mode) {
    return (mode & S_IFMT) == S_IFDIR;
  }

  static boolean isSymlink(int mode) {
    return (mode & S_IFMT) == S_IFLNK;
  }

  static boolean setgid(int mode) {
    return (mode & S_ISGID) != 0;
  }
}
