package dev.berth.runtime.container;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.berth.errors.InvalidArgumentException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A container ID: 64 lower-case hex digits from a secure random source, as Docker's. The first 12 form the
 * short ID the CLI prints. An ID whose short form is all digits is never generated, so that it cannot be read
 * as a number.
 */
public record ContainerId(String hex) implements Comparable<ContainerId> {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();
  public static final int SHORT_LENGTH = 12;

  public ContainerId {
    if (hex == null || !HEX64.matcher(hex).matches()) {
      throw new InvalidArgumentException("invalid container ID '" + hex + "': expected 64 lower-case hex digits");
    }
  }

  @JsonCreator
  public static ContainerId of(String hex) {
    return new ContainerId(hex);
  }

  /** A fresh random ID. */
  public static ContainerId random() {
    while (true) {
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      String hex = HexFormat.of().formatHex(bytes);
      if (!hex.substring(0, SHORT_LENGTH).chars().allMatch(Character::isDigit)) return new ContainerId(hex);
    }
  }

  /** The 12-digit prefix the CLI shows. */
  public String shortId() {
    return hex.substring(0, SHORT_LENGTH);
  }

  @JsonValue
  @Override
  public String toString() {
    return hex;
  }

  @Override
  public int compareTo(ContainerId o) {
    return hex.compareTo(o.hex);
  }
}
