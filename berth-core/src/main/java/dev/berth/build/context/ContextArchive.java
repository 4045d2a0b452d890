package dev.berth.build.context;

import dev.berth.errors.BerthException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The build context as a tar: written by a client from a directory, unpacked by the daemon into one. */
public final class ContextArchive {
  private ContextArchive() {}

  /**
   * Unpacks a context tar (plain, gzip, bzip2 or xz, detected by magic) into the empty directory {@code dir}.
   * An entry that would land outside {@code dir} ({@code ..}, absolute, through a symlink or hardlink) or a
   * malformed tar is an InvalidArgumentException naming the entry; {@code dir} is then emptied.
   * Modes, symlinks and mtimes are kept, and owners too when this process may set them (root).
   */
  public static void extract(InputStream tar, Path dir) {
    try {
      new ContextExtractor(dir).run(tar);
    } catch (IOException | RuntimeException e) {
      empty(dir, e);
      if (e instanceof BerthException b) throw b;
      throw new SystemException("unpack the build context into " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code dir} as an uncompressed tar, leaving out what {@code ignore} excludes, except the
   * Dockerfile ({@code dockerfile}, relative to {@code dir}) and {@code .dockerignore}, which are always sent
   * as the docker CLI sends them. Entries are sorted, with modes and link targets preserved; owners are
   * 0:0, as the docker CLI sends them. The tar is ended and {@code out} flushed, not closed.
   */
  public static void write(Path dir, DockerIgnore ignore, String dockerfile, OutputStream out) {
    DockerIgnore effective = alwaysSent(ignore == null ? DockerIgnore.NONE : ignore, dockerfile);
    try (TarSink sink = new TarSink(out)) {
      new ContextWriter(dir, effective, sink).run();
    } catch (IOException e) {
      throw new SystemException("write the build context " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The CLI's TrimBuildFilesFromExcludes: exceptions for the Dockerfile and .dockerignore when excluded. */
  private static DockerIgnore alwaysSent(DockerIgnore ignore, String dockerfile) {
    List<String> more = new ArrayList<>();
    if (ignore.excluded(".dockerignore")) more.add("!.dockerignore");
    if (dockerfile != null && !dockerfile.isEmpty()) {
      String df = GoPath.clean(dockerfile);
      if (!df.startsWith("../") && !df.startsWith("/") && ignore.excluded(df)) more.add("!" + df);
    }
    return more.isEmpty() ? ignore : ignore.plus(more);
  }

  private static void empty(Path dir, Exception cause) {
    try {
      for (Path c : SourceWalker.sortedChildren(dir)) ContextExtractor.deleteTree(c);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
