package dev.berth.engine.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A minimal TCP forwarder for published ports reached on loopback (DNAT does not see them), as docker-proxy
 * does: each accepted connection is joined to the container's address on two virtual threads. Stands in until
 * the shared proxy core ({@code dev.berth.proxy.Forwarder}) is written; {@link PortPublisher} prefers that one.
 */
final class PortProxy implements AutoCloseable {
  private final ServerSocketChannel listener;
  private final InetSocketAddress target;

  private PortProxy(ServerSocketChannel listener, InetSocketAddress target) {
    this.listener = listener;
    this.target = target;
  }

  static PortProxy start(ServerSocketChannel listener, InetSocketAddress target) {
    PortProxy p = new PortProxy(listener, target);
    Thread.ofVirtual().name("berth-port-proxy-" + target).start(p::acceptLoop);
    return p;
  }

  private void acceptLoop() {
    while (listener.isOpen()) {
      try {
        SocketChannel client = listener.accept();
        Thread.ofVirtual().start(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(SocketChannel client) {
    try (client; SocketChannel upstream = SocketChannel.open(target)) {
      Thread back = Thread.ofVirtual().start(() -> pump(upstream, client));
      pump(client, upstream);
      back.join();
    } catch (IOException e) {
      // the container refused or went away: the client sees the connection close
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Copies until end of stream, then half-closes the other side so the peer sees it. */
  private static void pump(SocketChannel from, SocketChannel to) {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    try {
      while (from.read(buf) >= 0) {
        buf.flip();
        while (buf.hasRemaining()) to.write(buf);
        buf.clear();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      try {
        to.close();
        from.close();
      } catch (IOException ignored) {
        // already closing
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
