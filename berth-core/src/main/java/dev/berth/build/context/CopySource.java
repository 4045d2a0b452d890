package dev.berth.build.context;

import java.nio.file.Path;

/**
 * One file or directory a COPY/ADD source pattern matched.
 *
 * @param path where it is on this machine (under the tree's root, symlinks in its parents resolved within it)
 * @param name the last element as the source names it ({@code app.jar}), used when copying into a directory
 * @param directory whether it is a directory (its contents are copied, not itself)
 * @param contextPath where {@code path} is relative to the tree's root ({@code ""} for the root itself), so
 *     that what {@code ignore} excludes below a directory stays invisible when it is copied
 * @param ignore the tree's {@code .dockerignore} ({@link DockerIgnore#NONE} for an image's root)
 */
public record CopySource(Path path, String name, boolean directory, String contextPath, DockerIgnore ignore) {
  public CopySource {
    contextPath = contextPath == null ? "" : contextPath;
    ignore = ignore == null ? DockerIgnore.NONE : ignore;
  }

  /** A source outside any tree: nothing below it is excluded. */
  public CopySource(Path path, String name, boolean directory) {
    this(path, name, directory, "", DockerIgnore.NONE);
  }
}
