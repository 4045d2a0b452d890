package dev.berth.image.layer;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A layer's uncompressed tar bytes as a sequence of pooled native (off-heap) 1 MiB chunks, counted, and
 * hashed for the diffID ({@link Sha256}) on a second virtual thread while the tar reader parses the same
 * chunk and writes file contents straight from it. So each byte is copied once in user space, or not at
 * all: a channel (an uncompressed blob file) reads into the chunk directly, the kernel writes files from it
 * and libcrypto hashes it in place; a stream (a decompressor) costs one copy into the chunk.
 *
 * <p>A chunk has two readers, the tar reader and the hasher, and goes back to the pool when both have
 * released it; at most {@link #CHUNKS} chunks exist, so a slow hasher holds the reader back rather than
 * letting memory grow. Every chunk but the last is full, which keeps 512-byte tar blocks inside one chunk.
 *
 * <p>One owner thread calls {@link #next()} and {@link #release}; always {@link #close()} it (the applier
 * does, in a finally block): that stops the hasher and frees the native memory.
 */
final class TarChunks implements AutoCloseable {
  static final int CHUNK = 1 << 20;
  /**
   * At most 16 MiB in flight: enough slack that a hasher descheduled for a while on a busy machine does
   * not stall the reader at once (measured under load: about a quarter less wall time than with 6), allocated
   * only as far as the hasher falls behind.
   */
  static final int CHUNKS = 16;
  private static final int STAGE = 1 << 18;

  /** A native buffer with the number of valid bytes at its start; two references while in use. */
  static final class Chunk {
    final MemorySegment segment;
    final ByteBuffer buffer;
    private final AtomicInteger refs = new AtomicInteger();
    private int length;

    private Chunk(MemorySegment segment) {
      this.segment = segment;
      this.buffer = segment.asByteBuffer();
    }

    int length() {
      return length;
    }
  }

  /** Fills a chunk from {@code off}; returns the bytes read, -1 at the end of the input. */
  @FunctionalInterface
  private interface Source {
    int read(Chunk c, int off) throws IOException;
  }

  private static final Chunk END = new Chunk(MemorySegment.ofArray(new byte[0]));

  private final Source source;
  private final Supplier<Sha256> hashes;
  private final Arena arena = Arena.ofShared();
  private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
  private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 1);
  private final Thread hasher;
  private int allocated;
  private long count;
  private boolean eof;
  private boolean finished;
  private boolean closed;
  /** Set by the hasher: the digest at the end, or why hashing failed (then chunks are only recycled). */
  private volatile Digest result;
  private volatile RuntimeException failure;

  /** {@code hashes} makes the hasher's Sha256 on its own thread: loading libcrypto is not the reader's job. */
  private TarChunks(Source source, Supplier<Sha256> hashes) {
    this.source = source;
    this.hashes = hashes;
    hasher = Thread.ofVirtual().name("layer-sha256").start(this::hashLoop);
  }

  /** Reads {@code channel} (not closed here) into the chunks directly: no copy in user space. */
  static TarChunks of(ReadableByteChannel channel) {
    return of(channel, Sha256::create);
  }

  static TarChunks of(ReadableByteChannel channel, Supplier<Sha256> sha) {
    return new TarChunks((c, off) -> {
      ByteBuffer b = c.buffer.clear().position(off);
      return channel.read(b);
    }, sha);
  }

  /** Reads {@code in} (not closed here) through a small heap array: one copy per byte. */
  static TarChunks of(InputStream in) {
    return of(in, Sha256::create);
  }

  static TarChunks of(InputStream in, Supplier<Sha256> sha) {
    byte[] stage = new byte[STAGE];
    return new TarChunks((c, off) -> {
      int n = in.read(stage, 0, Math.min(stage.length, CHUNK - off));
      if (n > 0) MemorySegment.copy(stage, 0, c.segment, ValueLayout.JAVA_BYTE, off, n);
      return n;
    }, sha);
  }

  /**
   * The next chunk, full unless the input ends in it, already handed to the hasher; null at the end. The
   * caller reads it and then calls {@link #release}.
   */
  Chunk next() throws IOException {
    if (eof) return null;
    Chunk c = takeFree();
    int n = 0;
    while (n < CHUNK) {
      int r = source.read(c, n);
      if (r < 0) {
        eof = true;
        break;
      }
      n += r;
    }
    if (n == 0) {
      free.add(c);
      return null;
    }
    c.length = n;
    count += n;
    c.refs.set(2);
    put(c);
    return c;
  }

  /** The reader is done with {@code c}; it returns to the pool once hashed too. */
  void release(Chunk c) {
    if (c.refs.decrementAndGet() == 0) free.add(c);
  }

  /** Bytes read so far. */
  long count() {
    return count;
  }

  /** Waits for the hasher and returns the sha256 of every byte read; call once, after the last chunk. */
  Digest digest() throws IOException {
    put(END);
    try {
      hasher.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("hashing the layer was interrupted");
    }
    finished = true;
    if (failure != null) throw new IOException("hashing the layer failed: " + failure.getMessage(), failure);
    return result;
  }

  /** Stops the hasher if still running, waits for it, and frees the chunks. The input stays open. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    if (!finished) hasher.interrupt();
    boolean interrupted = false;
    while (hasher.isAlive()) {
      try {
        hasher.join();
      } catch (InterruptedException e) {
        interrupted = true; // the hasher may still be reading a chunk: wait before freeing it
      }
    }
    arena.close();
    if (interrupted) Thread.currentThread().interrupt();
  }

  private Chunk takeFree() throws IOException {
    Chunk c = free.poll();
    if (c != null) return c;
    if (allocated < CHUNKS) {
      allocated++;
      return new Chunk(arena.allocate(CHUNK, 4096));
    }
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("hashing the layer was interrupted");
    }
  }

  private void put(Chunk c) throws IOException {
    try {
      full.put(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("hashing the layer was interrupted");
    }
  }

  private void hashLoop() {
    Sha256 sha = null;
    boolean ended = false;
    try {
      sha = hashes.get();
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      while (true) {
        Chunk c = full.take();
        if (c == END) {
          ended = true;
          finish(sha);
          return;
        }
        update(sha, c);
        release(c);
      }
    } catch (InterruptedException e) {
      // closed before the end: the digest is not wanted
    } finally {
      if (!ended && sha != null) sha.discard();
    }
  }

  private void finish(Sha256 sha) {
    if (failure != null) {
      if (sha != null) sha.discard();
      return;
    }
    try {
      result = sha.digest();
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  /** Hashes a chunk; after a failure, keeps going without hashing so that the reader never blocks. */
  private void update(Sha256 sha, Chunk c) {
    if (failure != null) return;
    try {
      sha.update(c.segment, 0, c.length);
    } catch (RuntimeException e) {
      failure = e;
    }
  }
}
