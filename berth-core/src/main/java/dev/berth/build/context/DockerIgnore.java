package dev.berth.build.context;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
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
  private final List<IgnorePattern> compiled;
  private final boolean hasExceptions;

  private DockerIgnore(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
    List<IgnorePattern> c = new ArrayList<>();
    for (String p : this.patterns) {
      boolean exception = p.startsWith("!");
      c.add(IgnorePattern.of(exception ? p.substring(1) : p, exception));
    }
    this.compiled = List.copyOf(c);
    this.hasExceptions = c.stream().anyMatch(IgnorePattern::exception);
  }

  /** Parses the file's text; a malformed pattern is an InvalidArgumentException naming its line. */
  public static DockerIgnore parse(String text) {
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    List<String> patterns = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("#")) continue;
      String p = line.strip();
      if (p.isEmpty()) continue;
      boolean exception = p.startsWith("!");
      if (exception) p = p.substring(1).strip();
      if (exception && p.isEmpty()) throw bad(i + 1, "!", "an exception needs a pattern after the !");
      p = GoPath.clean(p);
      if (p.length() > 1 && p.startsWith("/")) p = p.substring(1);
      try {
        IgnorePattern.of(p, exception);
      } catch (IllegalArgumentException e) {
        throw bad(i + 1, line.strip(), e.getMessage());
      }
      patterns.add(exception ? "!" + p : p);
    }
    return new DockerIgnore(patterns);
  }

  /** {@code dir/.dockerignore} if it exists, else {@link #NONE}. */
  public static DockerIgnore read(Path contextDir) {
    Path file = contextDir.resolve(".dockerignore");
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return NONE;
    } catch (IOException e) {
      throw new SystemException("read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code relPath} ({@code /}-separated, relative to the context root) is left out: the last
   * pattern that matches it or one of its parent directories decides (moby's MatchesOrParentMatches).
   */
  public boolean excluded(String relPath) {
    if (compiled.isEmpty()) return false;
    String file = cleanRel(relPath);
    if (file.isEmpty()) return false;
    List<String> parents = new ArrayList<>();
    for (String dir = GoPath.parent(file); !dir.isEmpty(); dir = GoPath.parent(dir)) parents.addFirst(dir);
    boolean matched = false;
    for (IgnorePattern p : compiled) {
      if (p.exception() != matched) continue; // cannot change the outcome
      boolean match = p.matches(file);
      for (int i = 0; !match && i < parents.size(); i++) match = p.matches(parents.get(i));
      if (match) matched = !p.exception();
    }
    return matched;
  }

  /**
   * Whether an excluded directory may still hold files that a {@code !} exception brings back (walk into
   * it). True when some exception could match the directory's contents; a walk that enters still asks
   * {@link #excluded} for every file.
   */
  public boolean mayIncludeUnder(String dirRelPath) {
    if (!hasExceptions) return false;
    List<String> dir = GoPath.elements(cleanRel(dirRelPath));
    for (IgnorePattern p : compiled) {
      if (p.exception() && p.mayMatchUnder(dir)) return true;
    }
    return false;
  }

  public List<String> patterns() {
    return patterns;
  }

  /** This file's patterns plus {@code more} after them (later lines win). */
  DockerIgnore plus(List<String> more) {
    List<String> all = new ArrayList<>(patterns);
    all.addAll(more);
    return new DockerIgnore(all);
  }

  private static String cleanRel(String relPath) {
    String c = GoPath.clean(relPath);
    while (c.startsWith("/")) c = c.substring(1);
    return c.equals(".") ? "" : c;
  }

  private static InvalidArgumentException bad(int line, String pattern, String why) {
    return new InvalidArgumentException(
        "parse .dockerignore: line " + line + ": bad pattern \"" + pattern + "\": " + why);
  }

  @Override
  public String toString() {
    return "DockerIgnore" + patterns;
  }
}
