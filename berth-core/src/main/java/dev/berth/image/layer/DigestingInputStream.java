package dev.berth.image.layer;

import dev.berth.oci.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes and counts the uncompressed tar bytes as the tar reader pulls them: the layer's diffID. */
final class DigestingInputStream extends FilterInputStream {
  private final MessageDigest sha = Digest.newSha256();
  private long count;

  DigestingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      sha.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      sha.update(b, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
    long done = 0;
    while (done < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) break;
      done += r;
    }
    return done;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Reads what the tar reader left (end-of-archive padding), so the digest covers the whole stream. */
  void drain() throws IOException {
    byte[] buf = new byte[1 << 16];
    while (read(buf, 0, buf.length) >= 0) {
      // hashed by read
    }
  }

  long count() {
    return count;
  }

  Digest digest() {
    return Digest.fromSha256(sha.digest());
  }
}
