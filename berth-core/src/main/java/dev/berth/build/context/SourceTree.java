package dev.berth.build.context;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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
    this.ignore = ignore == null ? DockerIgnore.NONE : ignore;
  }

  /**
   * COPY's resolution of one source: a path or a glob ({@code *.txt}, {@code dir/[ab]?}) relative to the
   * root; excluded files are invisible. No match is a NotFoundException:
   * {@code file not found in build context or excluded by .dockerignore: stat x: file does not exist}.
   * A name that climbs above the root with {@code ..} is an InvalidArgumentException
   * ({@code forbidden path outside the build context: ../x ()}). A glob's matches come in name order;
   * a matched symlink is followed (within the root), and named by the link's name.
   */
  public List<CopySource> resolve(String pattern) {
    String trimmed = pattern;
    while (trimmed.startsWith("/")) trimmed = trimmed.substring(1);
    String cleaned = GoPath.clean(trimmed);
    if (cleaned.equals("..") || cleaned.startsWith("../")) {
      throw new InvalidArgumentException("forbidden path outside the build context: " + shown(pattern) + " ()");
    }
    List<String> elements = GoPath.elements(cleaned);
    try {
      List<CopySource> found = new ArrayList<>();
      if (Glob.hasWildcards(cleaned)) {
        match(elements, 0, List.of(), "", found);
      } else {
        CopySource s = lookup(elements, cleaned.equals(".") ? "" : cleaned);
        if (s != null) found.add(s);
      }
      if (pattern.endsWith("/")) found.removeIf(s -> !s.directory()); // "a.txt/" is not a directory: stat fails
      if (found.isEmpty()) throw notFound(pattern);
      return List.copyOf(found);
    } catch (IOException e) {
      throw new SystemException("resolve COPY source " + pattern + ": " + e.getMessage(), e);
    }
  }

  /**
   * A {@code sha256:…} digest of the sources for the build cache: for every file and directory under them,
   * sorted, its name relative to the source, type, mode bits, size, link target and content; not its mtime.
   * Changing one byte or one mode bit changes it; touching a file does not.
   */
  public String checksum(List<CopySource> sources) {
    return SourceChecksum.of(sources);
  }

  public Path root() {
    return root;
  }

  public DockerIgnore ignore() {
    return ignore;
  }

  /** A plain name: resolved through symlinks (the last one too), or null when missing or excluded. */
  private CopySource lookup(List<String> elements, String named) throws IOException {
    List<String> resolved = RootPath.resolve(root, elements, true);
    Path host = RootPath.host(root, resolved);
    if (!RootPath.exists(host)) return null;
    String contextPath = String.join("/", resolved);
    if (!named.isEmpty() && (ignore.excluded(named) || ignore.excluded(contextPath))) return null;
    String name = elements.isEmpty() ? "." : elements.getLast();
    return new CopySource(host, name, Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS), contextPath, ignore);
  }

  /** Matches element {@code i} of a glob in the directory {@code dir} (resolved), named {@code named}. */
  private void match(List<String> elements, int i, List<String> dir, String named, List<CopySource> found)
      throws IOException {
    Path hostDir = RootPath.host(root, dir);
    if (!Files.isDirectory(hostDir, LinkOption.NOFOLLOW_LINKS)) return;
    String element = elements.get(i);
    boolean last = i == elements.size() - 1;
    for (String child : candidates(hostDir, element)) {
      String childNamed = GoPath.join(named, child);
      List<String> childElements = new ArrayList<>(dir);
      childElements.add(child);
      if (last) {
        CopySource s = lookup(childElements, childNamed);
        if (s != null) found.add(new CopySource(s.path(), child, s.directory(), s.contextPath(), ignore));
        continue;
      }
      if (ignore.excluded(childNamed) && !ignore.mayIncludeUnder(childNamed)) continue;
      match(elements, i + 1, RootPath.resolve(root, childElements, true), childNamed, found);
    }
  }

  /** The names in {@code dir} that one glob element matches, sorted. */
  private static List<String> candidates(Path dir, String element) throws IOException {
    if (!Glob.hasWildcards(element) && !element.contains("\\")) {
      return RootPath.exists(dir.resolve(element)) ? List.of(element) : List.of();
    }
    Pattern p;
    try {
      p = Glob.compile(element, false);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("bad COPY source pattern \"" + element + "\": " + e.getMessage());
    }
    List<String> out = new ArrayList<>();
    for (Path c : SourceWalker.sortedChildren(dir)) {
      String name = c.getFileName().toString();
      if (p.matcher(name).matches()) out.add(name);
    }
    return out;
  }

  private static NotFoundException notFound(String pattern) {
    return new NotFoundException("file not found in build context or excluded by .dockerignore: stat "
        + shown(pattern) + ": file does not exist");
  }

  /** The source as Docker's messages name it: one leading {@code /}, then one {@code ./}, trimmed. */
  private static String shown(String pattern) {
    String s = pattern.startsWith("/") ? pattern.substring(1) : pattern;
    return s.startsWith("./") ? s.substring(2) : s;
  }
}
