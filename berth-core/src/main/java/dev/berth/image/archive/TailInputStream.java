package dev.berth.image.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers the last 512 bytes read through it, so that the extractor can tell a complete tar (which ends
 * with a zero-filled end-of-archive record) from one cut off between two entries, which a tar reader
 * cannot tell from a short archive.
 */
final class TailInputStream extends FilterInputStream {
  private static final int RECORD = 512;

  private final byte[] tail = new byte[RECORD];
  private long total;

  TailInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) remember(new byte[] {(byte) b}, 0, 1);
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) remember(b, off, n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) break;
      skipped += r;
    }
    return skipped;
  }

  private void remember(byte[] b, int off, int n) {
    for (int i = Math.max(0, n - RECORD); i < n; i++) tail[(int) (total + i) % RECORD] = b[off + i];
    total += n;
  }

  /** Whether at least one record was read and the last 512 bytes read were all zero. */
  boolean endsWithZeroRecord() {
    if (total < RECORD) return false;
    for (byte b : tail) if (b != 0) return false;
    return true;
  }
}
