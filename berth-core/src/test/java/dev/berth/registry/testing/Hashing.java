package dev.berth.registry.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 digests in the "sha256:HEX" form the OCI specs use. */
final class Hashing {
  private Hashing() {}

  static String sha256(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(newSha256().digest(bytes));
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  static Counted counted(OutputStream out) {
    return new Counted(out);
  }

  /** An output stream that digests and counts what passes through it. */
  static final class Counted extends FilterOutputStream {
    private final MessageDigest sha256 = newSha256();
    private long count;
    private String digest;

    private Counted(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      sha256.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      sha256.update(b, off, len);
      count += len;
    }

    long count() {
      return count;
    }

    /** The digest of everything written; fixed at the first call, so call it once writing is over. */
    String digest() {
      if (digest == null) {
        digest = "sha256:" + HexFormat.of().formatHex(sha256.digest());
      }
      return digest;
    }
  }
}
