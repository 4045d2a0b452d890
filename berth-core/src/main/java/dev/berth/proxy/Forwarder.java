package dev.berth.proxy;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;

/**
 * A TCP listener that forwards each connection to the first healthy backend. Made from a bound channel, so the
 * caller decides where it is bound (a host port, or a port inside a container's namespace).
 */
public final class Forwarder implements AutoCloseable {
  private Forwarder() {}

  /** Starts forwarding connections accepted on {@code listener} to {@code backends} (tried in order). */
  public static Forwarder tcp(ServerSocketChannel listener, List<Backend> backends) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Binds {@code address} (a bind failure is a ConflictException: "port is already allocated"). */
  public static Forwarder tcp(InetSocketAddress address, List<Backend> backends) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** New connections go to {@code backends}; open ones finish with the old. */
  public void retarget(List<Backend> backends) {
    throw new UnsupportedOperationException("not yet written");
  }

  public List<Backend> backends() {
    throw new UnsupportedOperationException("not yet written");
  }

  public Counters counters() {
    throw new UnsupportedOperationException("not yet written");
  }

  /** The bound address (the port chosen when 0 was asked). */
  public InetSocketAddress address() {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Stops accepting and closes open connections. */
  @Override
  public void close() {
    throw new UnsupportedOperationException("not yet written");
  }
}
