package dev.berth.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:e3b0c4…}, as defined by the OCI image spec's "Digests" section.
 * Only sha256 is accepted, as Docker does.
 */
public record Digest(String algorithm, String encoded) implements Comparable<Digest> {
  private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

  public Digest {
    if (!"sha256".equals(algorithm)) {
      throw new IllegalArgumentException("unsupported digest algorithm: " + algorithm);
    }
    if (encoded == null || !HEX64.matcher(encoded).matches()) {
      throw new IllegalArgumentException("invalid sha256 digest: " + encoded);
    }
  }

  /** Parses {@code sha256:<64 hex>}; throws IllegalArgumentException that names the bad text. */
  @JsonCreator
  public static Digest parse(String text) {
    if (text == null) throw new IllegalArgumentException("invalid digest: null");
    int colon = text.indexOf(':');
    if (colon < 0) throw new IllegalArgumentException("invalid digest \"" + text + "\": missing algorithm");
    try {
      return new Digest(text.substring(0, colon), text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid digest \"" + text + "\": " + e.getMessage(), e);
    }
  }

  /** Whether the text is a well-formed sha256 digest. */
  public static boolean isDigest(String text) {
    return text != null && text.startsWith("sha256:") && HEX64.matcher(text.substring(7)).matches();
  }

  public static Digest sha256(byte[] bytes) {
    return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(bytes)));
  }

  public static Digest fromSha256(byte[] rawDigest) {
    return new Digest("sha256", HexFormat.of().formatHex(rawDigest));
  }

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first 12 hex characters, as Docker shows image IDs. */
  public String shortId() {
    return encoded.substring(0, 12);
  }

  @JsonValue
  @Override
  public String toString() {
    return algorithm + ":" + encoded;
  }

  @Override
  public int compareTo(Digest o) {
    return toString().compareTo(o.toString());
  }
}
