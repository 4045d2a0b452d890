package dev.berth.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TCP side of a forwarder: an accept loop on a virtual thread, and per accepted connection one virtual
 * thread that connects to a backend of the current pool and then joins the two sockets ({@link Connection}).
 */
final class TcpRelay implements Relay {
  private final ServerSocketChannel listener;
  private final InetSocketAddress address;
  private final Targets targets;
  private final Meter meter;
  private final ProxyOptions options;
  private final BufferPool buffers;
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final Set<SocketChannel> connecting = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  TcpRelay(ServerSocketChannel listener, Targets targets, Meter meter, ProxyOptions options) throws IOException {
    this.listener = listener;
    this.address = (InetSocketAddress) listener.getLocalAddress();
    this.targets = targets;
    this.meter = meter;
    this.options = options;
    this.buffers = new BufferPool(options.bufferSize());
    Thread.ofVirtual().name("berth-proxy-accept-" + address.getPort()).start(this::acceptLoop);
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel client;
      try {
        client = listener.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (closed || !listener.isOpen()) return;
        continue; // e.g. too many open files for a moment: keep serving
      }
      meter.opened();
      Thread.ofVirtual().name("berth-proxy-in").start(() -> serve(client));
    }
  }

  private void serve(SocketChannel client) {
    connecting.add(client);
    Optional<SocketChannel> backend;
    try {
      client.socket().setTcpNoDelay(true);
      backend = targets.pool().connect(options.connectTimeout());
    } catch (IOException e) {
      backend = Optional.empty();
    } finally {
      connecting.remove(client);
    }
    if (backend.isEmpty() || closed) {
      backend.ifPresent(TcpRelay::quietClose);
      quietClose(client);
      meter.closed();
      return;
    }
    Connection[] self = new Connection[1];
    self[0] = new Connection(client, backend.get(), meter, buffers, options.spliceAfter(), () -> {
      open.remove(self[0]);
      meter.closed();
    });
    open.add(self[0]);
    if (closed) self[0].close();
    self[0].run();
  }

  @Override
  public void close() {
    closed = true;
    quietClose(listener);
    for (SocketChannel c : connecting) quietClose(c);
    for (Connection c : open) c.close();
  }

  private static void quietClose(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
