package dev.berth.build.context;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One cleaned {@code .dockerignore} line: whether it is a {@code !} exception, the whole-path matcher (moby's
 * patternmatcher translation, {@code **} included) and the matchers of its elements before the first one
 * with {@code **}, used to tell whether it could match something below a directory.
 */
record IgnorePattern(String text, boolean exception, Pattern whole, List<Pattern> elements) {
  IgnorePattern {
    elements = List.copyOf(elements);
  }

  /** Compiles a cleaned pattern (without its {@code !}); IllegalArgumentException when malformed. */
  static IgnorePattern of(String cleaned, boolean exception) {
    Pattern whole = Glob.compile(cleaned, true);
    List<Pattern> elements = new ArrayList<>();
    for (String e : cleaned.split("/")) {
      if (e.contains("**")) break;
      elements.add(Glob.compile(e, false));
    }
    return new IgnorePattern(cleaned, exception, whole, elements);
  }

  boolean matches(String relPath) {
    return whole.matcher(relPath).matches();
  }

  /**
   * Whether this pattern could match {@code dir}, one of its parents or something below it: every element
   * it shares with {@code dir} matches (a {@code **} ends the comparison). Generous on purpose: it only decides
   * whether a walk looks into an excluded directory; {@link DockerIgnore#excluded} decides what is sent.
   */
  boolean mayMatchUnder(List<String> dir) {
    for (int k = 0; k < Math.min(elements.size(), dir.size()); k++) {
      if (!elements.get(k).matcher(dir.get(k)).matches()) return false;
    }
    return true;
  }
}
