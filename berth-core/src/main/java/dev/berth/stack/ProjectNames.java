package dev.berth.stack;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Project names, as Compose has them: lowercase letters, digits, {@code _} and {@code -}, starting with a letter
 * or digit. A project without {@code -p} or {@code name:} is named after the stack file's directory.
 */
public final class ProjectNames {
  /** The rule, in words, for error messages. */
  public static final String RULE =
      "a project name has only lowercase letters, digits, '_' and '-', and starts with a letter or digit";

  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  private ProjectNames() {}

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /**
   * The project name a directory gives: lowercased, with every character outside {@code [a-z0-9_-]} removed
   * and leading {@code _}/{@code -} dropped; empty when nothing is left.
   */
  public static String fromDirectory(String directoryName) {
    String lower = directoryName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
    return lower.replaceFirst("^[_-]+", "");
  }
}
