package dev.berth.build.context;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/** The build context as a tar: written by a client from a directory, unpacked by the daemon into one. */
public final class ContextArchive {
  private ContextArchive() {}

  /**
   * Unpacks a context tar (plain, gzip, bzip2 or xz, detected by magic) into the empty directory {@code dir}.
   * An entry that would land outside {@code dir} ({@code ..}, absolute, through a symlink or hardlink) or a
   * malformed tar is an InvalidArgumentException naming the entry; {@code dir} is then emptied.
   */
  public static void extract(InputStream tar, Path dir) {
    throw new UnsupportedOperationException("not yet written");
  }

  /**
   * Writes {@code dir} as an uncompressed tar, leaving out what {@code ignore} excludes, except the
   * Dockerfile ({@code dockerfile}, relative to {@code dir}) and {@code .dockerignore}, which are always sent
   * as the docker CLI sends them. Entries are sorted, with modes, owners and link targets preserved.
   */
  public static void write(Path dir, DockerIgnore ignore, String dockerfile, OutputStream out) {
    throw new UnsupportedOperationException("not yet written");
  }
}
