package dev.berth.cli.bootstrap;

/**
 * One entry of a root filesystem tar that Berth lays out itself. Paths are relative, without a leading
 * slash or trailing slash; owner is always root.
 */
public sealed interface RootfsEntry {
  String path();

  /** A directory with its permission bits (for example 01777 for tmp). */
  record Directory(String path, int mode) implements RootfsEntry {
    public Directory {
      RootfsEntry.check(path);
    }
  }

  /** A regular file with its content and permission bits. */
  record File(String path, int mode, byte[] content) implements RootfsEntry {
    public File {
      RootfsEntry.check(path);
      content = content.clone();
    }
  }

  /** A symbolic link. */
  record Symlink(String path, String target) implements RootfsEntry {
    public Symlink {
      RootfsEntry.check(path);
      if (target == null || target.isEmpty()) throw new IllegalArgumentException("symlink " + path + ": empty target");
    }
  }

  private static void check(String path) {
    if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
      throw new IllegalArgumentException("rootfs entry: path must be relative, without a trailing slash: \"" + path + "\"");
    }
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("rootfs entry: bad path component in \"" + path + "\"");
      }
    }
  }
}
