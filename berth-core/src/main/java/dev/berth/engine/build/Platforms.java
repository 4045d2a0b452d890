package dev.berth.engine.build;

import dev.berth.errors.InvalidArgumentException;
import java.util.Set;

/** The platforms a build may ask for: this host's only, linux/amd64. */
final class Platforms {
  private static final Set<String> ACCEPTED = Set.of("linux/amd64", "linux/x86_64", "linux/amd64/v1", "amd64");

  private Platforms() {}

  /** Fails with a message naming {@code what} unless {@code platform} (null or empty: the host's) is linux/amd64. */
  static void check(String platform, String what) {
    if (platform == null || platform.isEmpty()) return;
    if (!ACCEPTED.contains(platform.toLowerCase(java.util.Locale.ROOT))) {
      throw new InvalidArgumentException(what + ": platform " + platform + " is not supported: this host builds for linux/amd64 only");
    }
  }
}
