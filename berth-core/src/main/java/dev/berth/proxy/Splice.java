package dev.berth.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * One forwarded TCP connection: a client socket joined to a backend socket, copied both ways on two virtual
 * threads through direct buffers. When one side ends its output, the other side's output is shut down too
 * (half close), so request/response protocols that signal the end of a request by EOF still work; the
 * connection is closed when both directions are done or either one fails.
 */
final class Splice {
  private final SocketChannel client;
  private final SocketChannel backend;
  private final Meter meter;
  private final BufferPool buffers;
  private final Runnable onClose;
  private final AtomicInteger running = new AtomicInteger(2);

  Splice(SocketChannel client, SocketChannel backend, Meter meter, BufferPool buffers, Runnable onClose) {
    this.client = client;
    this.backend = backend;
    this.meter = meter;
    this.buffers = buffers;
    this.onClose = onClose;
  }

  /** Copies backend to client on a new virtual thread and client to backend on the calling thread. */
  void run() {
    Thread.ofVirtual().name("berth-proxy-out").start(() -> copy(backend, client, meter::out));
    copy(client, backend, meter::in);
  }

  private void copy(SocketChannel from, SocketChannel to, LongConsumer count) {
    ByteBuffer buf = buffers.take();
    boolean clean = false;
    try {
      while (from.read(buf) >= 0) {
        buf.flip();
        int n = buf.remaining();
        while (buf.hasRemaining()) to.write(buf);
        count.accept(n);
        buf.clear();
      }
      to.shutdownOutput();
      clean = true;
    } catch (IOException e) {
      // reset, or closed by close(): end both directions
    } finally {
      buffers.give(buf);
      if (!clean) close();
      if (running.decrementAndGet() == 0) finish();
    }
  }

  private void finish() {
    close();
    onClose.run();
  }

  /** Closes both sockets; the copying threads then end. */
  void close() {
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
}
