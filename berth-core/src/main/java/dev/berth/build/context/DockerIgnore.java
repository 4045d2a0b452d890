package dev.berth.build.context;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code .dockerignore} with Docker's semantics: one pattern per line, {@code #} comments, paths cleaned (a
 * leading {@code /} or {@code ./} dropped), Go's {@code filepath.Match} syntax plus {@code **} for any number
 * of directories, {@code !} exceptions, the last matching line winning, and a pattern matching a directory
 * excluding everything under it.
 */
public final class DockerIgnore {
  public static final DockerIgnore NONE = new DockerIgnore(List.of());

  private final List<String> patterns;

  private DockerIgnore(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /** Parses the file's text; a malformed pattern is an InvalidArgumentException naming its line. */
  public static DockerIgnore parse(String text) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** {@code dir/.dockerignore} if it exists, else {@link #NONE}. */
  public static DockerIgnore read(Path contextDir) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Whether {@code relPath} ({@code /}-separated, relative to the context root) is left out. */
  public boolean excluded(String relPath) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Whether an excluded directory may still hold files that a {@code !} exception brings back (walk into it). */
  public boolean mayIncludeUnder(String dirRelPath) {
    throw new UnsupportedOperationException("not yet written");
  }

  public List<String> patterns() {
    return patterns;
  }
}
