package dev.berth.build.context;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code path.Clean} and friends for {@code /}-separated names, so that patterns and sources are
 * normalised exactly as Docker normalises them ({@code ./a//b/../c} is {@code a/c}).
 */
final class GoPath {
  private GoPath() {}

  /** The shortest equivalent name: no empty, {@code .} or inner {@code ..} elements; {@code .} when nothing is left. */
  static String clean(String p) {
    if (p.isEmpty()) return ".";
    boolean rooted = p.startsWith("/");
    List<String> out = new ArrayList<>();
    for (String c : p.split("/")) {
      if (c.isEmpty() || c.equals(".")) continue;
      if (c.equals("..")) {
        if (!out.isEmpty() && !out.getLast().equals("..")) {
          out.removeLast();
        } else if (!rooted) {
          out.add(c);
        }
        continue;
      }
      out.add(c);
    }
    String joined = String.join("/", out);
    if (rooted) return "/" + joined;
    return joined.isEmpty() ? "." : joined;
  }

  /** The elements of a cleaned relative name; none for {@code .}. */
  static List<String> elements(String cleaned) {
    if (cleaned.equals(".") || cleaned.isEmpty()) return List.of();
    return List.of(cleaned.split("/"));
  }

  /** {@code a/b} from a parent ({@code ""} is the root) and a child. */
  static String join(String parent, String child) {
    if (parent.isEmpty()) return child;
    if (child.isEmpty()) return parent;
    return parent + "/" + child;
  }

  /** The parent of a relative name; {@code ""} for a top-level one. */
  static String parent(String rel) {
    int slash = rel.lastIndexOf('/');
    return slash < 0 ? "" : rel.substring(0, slash);
  }

  /** The last element of a name. */
  static String base(String rel) {
    return rel.substring(rel.lastIndexOf('/') + 1);
  }
}
