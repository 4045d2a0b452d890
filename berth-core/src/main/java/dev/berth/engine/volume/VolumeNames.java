package dev.berth.engine.volume;

import dev.berth.errors.InvalidArgumentException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Docker's rule for local volume names, with its messages, and the 64-hex names of anonymous volumes. The rule
 * keeps a name a single safe path segment: no slash, no leading dot, so {@code ..} can never be a volume.
 */
final class VolumeNames {
  static final String ALLOWED = "[a-zA-Z0-9][a-zA-Z0-9_.-]";
  private static final Pattern NAME = Pattern.compile("^" + ALLOWED + "+$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private VolumeNames() {}

  /** InvalidArgumentException with Docker's wording when {@code name} cannot be a local volume's name. */
  static String check(String name) {
    if (name.length() == 1) {
      throw new InvalidArgumentException("create " + name + ": volume name is too short, names should be at least two alphanumeric characters");
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidArgumentException("create " + name + ": \"" + name + "\" includes invalid characters for a local volume name, only \""
          + ALLOWED + "\" are allowed. If you intended to pass a host directory, use absolute path");
    }
    return name;
  }

  static boolean valid(String name) {
    return NAME.matcher(name).matches();
  }

  /** A fresh anonymous name: 32 random bytes as 64 lowercase hex digits, as dockerd makes them. */
  static String anonymous() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
