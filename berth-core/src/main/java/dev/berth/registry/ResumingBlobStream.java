package dev.berth.registry;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob download that survives a broken connection or a body that ends early: it opens the blob again
 * from the byte it had reached ({@code Range: bytes=<n>-}) and goes on, a few times at most. What it
 * returns is not checked here; the content store checks size and digest when it commits.
 */
final class ResumingBlobStream extends InputStream {
  static final int MAX_RESUMES = 5;

  /** Opens the blob from an offset. */
  @FunctionalInterface
  interface Opener {
    InputStream open(long offset);
  }

  private final Opener opener;
  private final Digest digest;
  private final long size;
  private InputStream current;
  private long position;
  private int resumes;

  ResumingBlobStream(Opener opener, Digest digest, long size) {
    this.opener = opener;
    this.digest = digest;
    this.size = size;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (true) {
      if (current == null) current = open();
      int n;
      try {
        n = current.read(b, off, len);
      } catch (IOException e) {
        resumeAfter(e.getMessage());
        continue;
      }
      if (n > 0) {
        position += n;
        return n;
      }
      if (n < 0 && size >= 0 && position < size) {
        resumeAfter("the body ended at byte " + position + " of " + size);
        continue;
      }
      return n;
    }
  }

  /**
   * Opening is already retried by the client; when it still fails, its error (naming the blob and the
   * registry's answer) goes to the caller unchanged.
   */
  private InputStream open() {
    return opener.open(position);
  }

  private void resumeAfter(String why) throws IOException {
    closeQuietly();
    if (Thread.currentThread().isInterrupted()) {
      // a cancelled download (another layer failed): stop, do not resume
      throw new java.io.InterruptedIOException("pulling blob " + digest + ": cancelled");
    }
    if (++resumes > MAX_RESUMES) {
      throw new IOException("pulling blob " + digest + ": gave up after " + MAX_RESUMES + " resumes: " + why);
    }
  }

  private void closeQuietly() {
    if (current == null) return;
    try {
      current.close();
    } catch (IOException ignored) {
      // the broken connection is dropped
    }
    current = null;
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
