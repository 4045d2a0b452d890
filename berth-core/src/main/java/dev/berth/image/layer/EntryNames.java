package dev.berth.image.layer;

import dev.berth.errors.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lexical cleaning of tar entry names and hardlink targets into path components under the target root.
 *
 * <p>Policy (as Docker's applier): a leading {@code /} is dropped, so absolute names are taken relative to
 * the target; {@code .} and empty components are skipped; {@code ..} removes the previous component, and a
 * {@code ..} that would climb above the target is refused. A component longer than 255 bytes, or a NUL
 * byte, is refused too. Symlinks are not considered here; {@link RootResolver} handles them.
 */
final class EntryNames {
  static final int NAME_MAX = 255;

  private EntryNames() {}

  /** The components of {@code name}; empty for the target itself. */
  static String[] components(String name, String what) {
    List<String> out = new ArrayList<>(8);
    int len = name.length();
    int start = 0;
    while (start <= len) {
      int slash = name.indexOf('/', start);
      int end = slash < 0 ? len : slash;
      if (end > start) add(out, name, start, end, what);
      start = end + 1;
    }
    return out.toArray(new String[0]);
  }

  private static void add(List<String> out, String name, int start, int end, String what) {
    int n = end - start;
    if (n == 1 && name.charAt(start) == '.') return;
    if (n == 2 && name.charAt(start) == '.' && name.charAt(start + 1) == '.') {
      if (out.isEmpty()) {
        throw new InvalidArgumentException("apply layer: " + what + " '" + name + "' points outside the target");
      }
      out.removeLast();
      return;
    }
    String c = name.substring(start, end);
    if (c.indexOf('\0') >= 0) {
      throw new InvalidArgumentException("apply layer: " + what + " '" + name + "' contains a NUL byte");
    }
    if (n > NAME_MAX / 3 && c.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
      throw new InvalidArgumentException("apply layer: " + what + " '" + abbreviate(name)
          + "' has a component longer than " + NAME_MAX + " bytes");
    }
    out.add(c);
  }

  /** Joins components {@code [0, end)} with '/': the key of a path relative to the target. */
  static String join(String[] comps, int end) {
    if (end == 0) return "";
    if (end == 1) return comps[0];
    StringBuilder sb = new StringBuilder(64);
    for (int i = 0; i < end; i++) {
      if (i > 0) sb.append('/');
      sb.append(comps[i]);
    }
    return sb.toString();
  }

  static String child(String parentKey, String name) {
    return parentKey.isEmpty() ? name : parentKey + "/" + name;
  }

  /** Long names shortened for messages: the start and the end, which name the entry well enough. */
  static String abbreviate(String name) {
    return name.length() <= 120 ? name : name.substring(0, 60) + "…" + name.substring(name.length() - 40);
  }
}
