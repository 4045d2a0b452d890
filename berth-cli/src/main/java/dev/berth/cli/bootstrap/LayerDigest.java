package dev.berth.cli.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The diff ID of an uncompressed layer tar: {@code sha256:} and the hex SHA-256 of its bytes. The daemon
 * stores an imported tar as it is, so this is also the diff ID the imported image will list.
 */
final class LayerDigest {
  private LayerDigest() {}

  static String of(byte[] tar) {
    return format(sha256().digest(tar));
  }

  /** Streams the file through the digest, so a large Debian tar is never held in memory. */
  static String of(Path tar) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[256 * 1024];
    try (InputStream in = Files.newInputStream(tar)) {
      for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
    }
    return format(digest.digest());
  }

  private static String format(byte[] hash) {
    return "sha256:" + HexFormat.of().formatHex(hash);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK offers no SHA-256", e);
    }
  }
}
