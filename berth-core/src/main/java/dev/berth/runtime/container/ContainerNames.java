package dev.berth.runtime.container;

import dev.berth.errors.InvalidArgumentException;
import java.util.regex.Pattern;

/**
 * Docker's container-name rules. A name is stored with a leading slash ({@code /web}), as Docker's API reports
 * it; users may give it with or without. The part after the slash must match
 * {@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}, so it is at least two characters long.
 */
public final class ContainerNames {
  private static final Pattern VALID = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]+");

  private ContainerNames() {}

  /** Validates and returns the canonical form, with one leading slash. */
  public static String canonical(String name) {
    if (name == null || !VALID.matcher(name).matches()) {
      throw new InvalidArgumentException(
          "Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    }
    return name.startsWith("/") ? name : "/" + name;
  }

  /** Whether {@code name} could be a container name; lookups use it to skip the name index. */
  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }
}
