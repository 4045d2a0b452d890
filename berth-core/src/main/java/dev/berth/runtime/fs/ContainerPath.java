package dev.berth.runtime.fs;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import dev.berth.runtime.specgen.RootfsPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A path the client named in the container, made absolute and cleaned the way dockerd does it: a trailing
 * {@code /.} (the directory's contents) or {@code /} (follow a final symlink) is kept, and the path is split
 * into a directory part, resolved in the rootfs with symlinks followed, and a base name that is not
 * followed. So {@code /etc/link} names the symlink itself while {@code /etc/link/} names what it points
 * to, as in dockerd's ResolvePath.
 *
 * @param absolute the cleaned absolute path, with its trailing "/." or "/" kept
 * @param dir the directory part ("/" .. "/etc/")
 * @param base the last element: a name, "." (contents form) or "" (trailing slash, or the root)
 */
record ContainerPath(String absolute, String dir, String base) {
  static ContainerPath parse(String path) {
    if (path == null || path.isEmpty()) throw new InvalidArgumentException("path must not be empty");
    if (path.indexOf('\0') >= 0) throw new InvalidArgumentException("path contains a NUL byte: " + path);
    String clean = clean(path);
    String abs = clean;
    if ((path.equals(".") || path.endsWith("/.")) && !clean.endsWith("/.")) {
      abs = (clean.equals("/") ? "" : clean) + "/.";
    } else if (path.endsWith("/") && !clean.endsWith("/")) {
      abs = clean + "/";
    }
    int slash = abs.lastIndexOf('/');
    return new ContainerPath(abs, abs.substring(0, slash + 1), abs.substring(slash + 1));
  }

  /** Lexical cleaning of {@code "/" + path}: no empty, "." or ".." elements ("/.." is "/"). */
  static String clean(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) continue;
      if (p.equals("..")) {
        if (!parts.isEmpty()) parts.removeLast();
      } else {
        parts.add(p);
      }
    }
    return "/" + String.join("/", parts);
  }

  /** Go's filepath.Base of the absolute path: "etc" for "/etc/", "." for "/etc/.", "/" for "/". */
  String name() {
    String s = absolute;
    while (s.length() > 1 && s.endsWith("/")) s = s.substring(0, s.length() - 1);
    if (s.equals("/")) return "/";
    return s.substring(s.lastIndexOf('/') + 1);
  }

  /** True for the contents form ("/etc/.") and for the root itself. */
  boolean contents() {
    return base.equals(".") || absolute.equals("/");
  }

  /** The host path of the directory part, symlinks resolved inside {@code rootfs}. */
  Path resolvedDir(Path rootfs) {
    return resolve(rootfs, dir);
  }

  /**
   * The host path this names: the resolved directory plus the base, unresolved (so a final symlink is
   * the link itself), or the directory itself for "/." and a trailing slash.
   */
  Path resolved(Path rootfs) {
    Path d = resolvedDir(rootfs);
    return base.isEmpty() || base.equals(".") ? d : d.resolve(base);
  }

  /** The host path with every symlink followed, the final one too. */
  Path resolvedFully(Path rootfs) {
    return resolve(rootfs, absolute);
  }

  static Path resolve(Path rootfs, String containerPath) {
    try {
      Path p = RootfsPath.resolve(rootfs, containerPath);
      if (!p.normalize().startsWith(rootfs.normalize())) {
        throw new SystemException("resolve " + containerPath + ": escaped the rootfs " + rootfs); // cannot happen
      }
      return p;
    } catch (IOException e) {
      throw new InvalidArgumentException("resolve " + containerPath + " in the container: " + e.getMessage(), e);
    }
  }

  /** The container path of a host path under {@code rootfs} ("/" for the rootfs itself). */
  static String inContainer(Path rootfs, Path host) {
    Path rel = rootfs.relativize(host);
    String s = rel.toString();
    return s.isEmpty() ? "/" : "/" + s;
  }
}
