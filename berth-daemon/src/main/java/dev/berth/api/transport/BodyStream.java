package dev.berth.api.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body (or, after a hijack, the raw client bytes) handed from the event loop to the handler's
 * thread. The event loop {@link #offer}s buffers; when more than {@link #HIGH_WATER} bytes wait, it stops
 * reading the socket (autoRead off), and the reader turns reading back on once it has drained below
 * {@link #LOW_WATER}. So a 300 MB upload never sits in memory, and a slow handler slows the client down.
 */
final class BodyStream extends InputStream {
  static final int HIGH_WATER = 1 << 20;
  static final int LOW_WATER = 256 << 10;

  private final Channel channel;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final Deque<ByteBuf> buffers = new ArrayDeque<>();
  private long queued;
  private boolean ended;
  private boolean closed;
  private IOException failure;
  private boolean paused;

  BodyStream(Channel channel) {
    this.channel = channel;
  }

  /** Called on the event loop: takes ownership of the buffer. */
  void offer(ByteBuf buf) {
    lock.lock();
    try {
      if (closed || ended) {
        buf.release();
        return;
      }
      if (!buf.isReadable()) {
        buf.release();
        return;
      }
      buffers.addLast(buf);
      queued += buf.readableBytes();
      if (queued > HIGH_WATER && !paused) {
        paused = true;
        channel.config().setAutoRead(false);
      }
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The body is complete. */
  void end() {
    lock.lock();
    try {
      ended = true;
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The connection died before the body was complete; readers get the error. */
  void fail(IOException error) {
    lock.lock();
    try {
      if (!ended) failure = error;
      ended = true;
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the body's end (or the connection's failure) has arrived. */
  boolean ended() {
    lock.lock();
    try {
      return ended;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the client sent the whole body. */
  boolean complete() {
    lock.lock();
    try {
      return ended && failure == null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    lock.lock();
    try {
      while (buffers.isEmpty() && !ended && !closed) ready.awaitUninterruptibly();
      if (closed) throw new IOException("request body closed");
      if (buffers.isEmpty()) {
        if (failure != null) throw failure;
        return -1;
      }
      ByteBuf head = buffers.peekFirst();
      int n = Math.min(len, head.readableBytes());
      head.readBytes(b, off, n);
      queued -= n;
      if (!head.isReadable()) buffers.removeFirst().release();
      resumeIfDrained();
      return n;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int available() {
    lock.lock();
    try {
      return (int) Math.min(Integer.MAX_VALUE, queued);
    } finally {
      lock.unlock();
    }
  }

  private void resumeIfDrained() {
    if (paused && queued < LOW_WATER) {
      paused = false;
      channel.eventLoop().execute(() -> {
        channel.config().setAutoRead(true);
        channel.read();
      });
    }
  }

  /** Drops what is buffered and whatever still comes; reading resumes so the connection is not stuck. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      for (ByteBuf b : buffers) b.release();
      buffers.clear();
      queued = 0;
      if (paused) {
        paused = false;
        channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
      }
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
