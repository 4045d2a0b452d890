package dev.berth.image.layer;

import dev.berth.oci.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Counts the uncompressed tar bytes as the tar reader pulls them and computes their sha256, the layer's
 * diffID ({@link Sha256}: libcrypto when present), on a second (virtual) thread: hashing costs about as much CPU as writing the files, so on a
 * machine with a spare core it overlaps with extraction instead of adding to it. Bytes are copied into
 * pooled 1 MiB chunks for the hasher; at most {@link #CHUNKS} chunks are in flight.
 *
 * <p>Always {@link #close()} it (the applier does, in a finally block): that stops the hasher thread.
 */
final class DigestingInputStream extends FilterInputStream {
  static final int CHUNKS = 4;
  private static final int CHUNK = 1 << 20;
  private static final byte[] END = new byte[0];

  private record Chunk(byte[] data, int length) {}

  private final Sha256 sha;
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
  private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 1);
  private final Thread hasher;
  private int allocated;
  private byte[] current;
  private int fill;
  private long count;
  private boolean finished;
  /** Set by the hasher: the digest at the end, or why hashing failed (then chunks are only recycled). */
  private volatile Digest result;
  private volatile RuntimeException failure;

  DigestingInputStream(InputStream in) {
    this(in, Sha256.create());
  }

  DigestingInputStream(InputStream in, Sha256 sha) {
    super(in);
    this.sha = sha;
    hasher = Thread.ofVirtual().name("layer-sha256").start(this::hashLoop);
  }

  private void hashLoop() {
    boolean ended = false;
    try {
      while (true) {
        Chunk c = full.take();
        if (c.data() == END) {
          ended = true;
          finish();
          return;
        }
        update(c);
        free.put(c.data());
      }
    } catch (InterruptedException e) {
      // closed before the end: the digest is not wanted
    } finally {
      if (!ended) sha.discard();
    }
  }

  private void finish() {
    if (failure != null) {
      sha.discard();
      return;
    }
    try {
      result = sha.digest();
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  /** Hashes a chunk; after a failure, keeps going without hashing so that the reader never blocks. */
  private void update(Chunk c) {
    if (failure != null) return;
    try {
      sha.update(c.data(), 0, c.length());
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      count += n;
      append(b, off, n);
    }
    return n;
  }

  private void append(byte[] b, int off, int n) throws IOException {
    while (n > 0) {
      if (current == null) current = takeFree();
      int k = Math.min(n, CHUNK - fill);
      System.arraycopy(b, off, current, fill, k);
      fill += k;
      off += k;
      n -= k;
      if (fill == CHUNK) submit();
    }
  }

  private byte[] takeFree() throws IOException {
    byte[] c = free.poll();
    if (c != null) return c;
    if (allocated < CHUNKS) {
      allocated++;
      return new byte[CHUNK];
    }
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("hashing the layer was interrupted");
    }
  }

  private void submit() throws IOException {
    try {
      full.put(new Chunk(current, fill));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("hashing the layer was interrupted");
    }
    current = null;
    fill = 0;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(Math.max(n, 1), 1 << 16)];
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

  long count() {
    return count;
  }

  /** Waits for the hasher and returns the sha256 of every byte read; call once, after the last read. */
  Digest digest() throws IOException {
    if (current != null && fill > 0) submit();
    try {
      full.put(new Chunk(END, 0));
      hasher.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("hashing the layer was interrupted");
    }
    finished = true;
    if (failure != null) throw new IOException("hashing the layer failed: " + failure.getMessage(), failure);
    return result;
  }

  /** Stops the hasher; the caller's stream stays open (it owns it). */
  @Override
  public void close() {
    if (!finished) hasher.interrupt();
  }
}
