package dev.berth.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * One forwarded TCP connection: a client socket joined to a backend socket, each direction on its own virtual
 * thread. A direction starts by copying through a pooled direct buffer, which keeps short request/reply
 * connections cheap; once it has carried {@link ProxyOptions#spliceAfter()} bytes it moves the rest with
 * splice(2) on a platform thread ({@link ZeroCopy}), when this JVM can. When one side ends its output, the other
 * side's output is shut down too (half close), so protocols that end a request with EOF still work; the
 * connection is closed when both directions are done or either one fails.
 *
 * <p>Closing while a direction splices must not close its descriptors under it (the number could be reused by
 * another file at once), so {@link #close} then only shuts the sockets down, which wakes the pump, and the last
 * pump to leave closes the channels. The lock guards that hand-over only.
 */
final class Connection {
  private final SocketChannel client;
  private final SocketChannel backend;
  private final Meter meter;
  private final BufferPool buffers;
  private final long spliceAfter;
  private final Runnable onClose;
  private final AtomicInteger running = new AtomicInteger(2);
  private final Object lock = new Object();
  private volatile boolean closing;
  private int splicing; // guarded by lock

  Connection(SocketChannel client, SocketChannel backend, Meter meter, BufferPool buffers, long spliceAfter,
      Runnable onClose) {
    this.client = client;
    this.backend = backend;
    this.meter = meter;
    this.buffers = buffers;
    this.spliceAfter = ZeroCopy.supported() ? spliceAfter : Long.MAX_VALUE;
    this.onClose = onClose;
  }

  /** Moves backend to client on a new virtual thread and client to backend on the calling thread. */
  void run() {
    Thread.ofVirtual().name("berth-proxy-out").start(() -> direction(backend, client, meter::out));
    direction(client, backend, meter::in);
  }

  private void direction(SocketChannel from, SocketChannel to, LongConsumer count) {
    boolean clean = false;
    try {
      if (!copy(from, to, count, spliceAfter) && !splice(from, to, count)) copy(from, to, count, Long.MAX_VALUE);
      to.shutdownOutput();
      clean = true;
    } catch (IOException e) {
      // reset, or closed by close(): end both directions
    } finally {
      if (!clean) close();
      if (running.decrementAndGet() == 0) finish();
    }
  }

  /** Copies until end of stream (true) or until {@code limit} bytes went through (false: splice the rest). */
  private boolean copy(SocketChannel from, SocketChannel to, LongConsumer count, long limit) throws IOException {
    ByteBuffer buf = buffers.take();
    try {
      long copied = 0;
      while (copied < limit) {
        if (from.read(buf) < 0) return true;
        buf.flip();
        int n = buf.remaining();
        while (buf.hasRemaining()) to.write(buf);
        count.accept(n);
        copied += n;
        buf.clear();
      }
      return false;
    } finally {
      buffers.give(buf);
    }
  }

  /**
   * Splices the rest of this direction on a platform thread; false when splicing is not possible now (no
   * descriptor, no pipe, all {@link ZeroCopy#MAX_PUMPS} slots taken), and the caller copies instead.
   */
  private boolean splice(SocketChannel from, SocketChannel to, LongConsumer count) throws IOException {
    if (!ZeroCopy.PUMPS.tryAcquire()) return false;
    try {
      if (!enterSplice()) throw new ClosedChannelException();
      try {
        int in = SocketFds.of(from);
        int out = SocketFds.of(to);
        ZeroCopy.Pipe pipe = in < 0 || out < 0 ? null : open(in, out);
        return pipe != null && pumpOnPlatformThread(in, out, pipe, count);
      } finally {
        exitSplice();
      }
    } finally {
      ZeroCopy.PUMPS.release();
    }
  }

  private static ZeroCopy.Pipe open(int in, int out) {
    try {
      ZeroCopy.nonBlocking(in);
      ZeroCopy.nonBlocking(out);
      return ZeroCopy.pipe();
    } catch (IOException e) {
      return null; // e.g. out of descriptors for a moment: keep copying
    }
  }

  /** Runs the pump on a platform thread and waits for it; false (pipe closed) when no thread can be started. */
  private boolean pumpOnPlatformThread(int in, int out, ZeroCopy.Pipe pipe, LongConsumer count)
      throws IOException {
    IOException[] failure = new IOException[1];
    Thread pump = Thread.ofPlatform().daemon().name("berth-proxy-splice").stackSize(256 * 1024).unstarted(() -> {
      try (pipe) {
        ZeroCopy.pump(in, out, pipe, count, () -> closing);
      } catch (IOException e) {
        failure[0] = e;
      }
    });
    try {
      pump.start();
    } catch (OutOfMemoryError e) { // no native thread to be had: keep copying on this virtual thread
      pipe.close();
      return false;
    }
    meter.spliced();
    boolean interrupted = false;
    while (pump.isAlive()) { // never leave while the pump may still use the descriptors
      try {
        pump.join();
      } catch (InterruptedException e) {
        interrupted = true;
        close(); // ends the pump soon
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    if (failure[0] != null) throw failure[0];
    return true;
  }

  private boolean enterSplice() {
    synchronized (lock) {
      if (closing) return false;
      splicing++;
      return true;
    }
  }

  private void exitSplice() {
    synchronized (lock) {
      splicing--;
      if (!closing || splicing > 0) return;
    }
    closeChannels();
  }

  private void finish() {
    close();
    onClose.run();
  }

  /**
   * Ends the connection: closes both sockets, or, while a direction splices, shuts them down so its pump ends
   * and the last pump out closes them. The threads of both directions then end.
   */
  void close() {
    synchronized (lock) {
      closing = true;
      if (splicing > 0) {
        shutDown(client);
        shutDown(backend);
        return;
      }
    }
    closeChannels();
  }

  private void closeChannels() {
    try {
      client.close();
    } catch (IOException e) {
      // nothing more to do
    }
    try {
      backend.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }

  private static void shutDown(SocketChannel c) {
    try {
      c.shutdownInput();
    } catch (IOException e) {
      // not connected or closed already
    }
    try {
      c.shutdownOutput();
    } catch (IOException e) {
      // not connected or closed already
    }
  }
}
