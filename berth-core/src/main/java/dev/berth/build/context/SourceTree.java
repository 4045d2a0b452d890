package dev.berth.build.context;

import java.nio.file.Path;
import java.util.List;

/**
 * Where COPY/ADD sources come from: the build context (with its {@code .dockerignore}) or the root filesystem
 * of a stage or image ({@code --from}, with {@link DockerIgnore#NONE}). Paths are resolved as if {@code root}
 * were {@code /}: {@code ..} and absolute symlinks never leave it.
 */
public final class SourceTree {
  private final Path root;
  private final DockerIgnore ignore;

  public SourceTree(Path root, DockerIgnore ignore) {
    this.root = root;
    this.ignore = ignore;
  }

  /**
   * COPY's resolution of one source: a path or a glob ({@code *.txt}, {@code dir/[ab]?}) relative to the
   * root; excluded files are invisible. No match is a NotFoundException:
   * {@code file not found in build context or excluded by .dockerignore: stat x: file does not exist}.
   */
  public List<CopySource> resolve(String pattern) {
    throw new UnsupportedOperationException("not yet written");
  }

  /**
   * A {@code sha256:…} digest of the sources for the build cache: for every file and directory under them,
   * sorted, its name relative to the source, type, mode bits, size, link target and content; not its mtime.
   * Changing one byte or one mode bit changes it; touching a file does not.
   */
  public String checksum(List<CopySource> sources) {
    throw new UnsupportedOperationException("not yet written");
  }

  public Path root() {
    return root;
  }

  public DockerIgnore ignore() {
    return ignore;
  }
}
