package dev.berth.proxy;

import dev.berth.errors.ConflictException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.List;

/**
 * A TCP listener that forwards each connection to the first healthy backend, or a UDP listener that forwards each
 * client's datagrams to a backend. Made from a bound channel, so the caller decides where it is bound (a host
 * port, or a port inside a container's namespace), or from an address that it binds itself, which also reserves
 * the port (a port in use is Docker's "port is already allocated" conflict).
 *
 * <p>Backends are tried in order; with several, one whose connect fails is skipped for later connections until a
 * periodic probe reaches it again. {@link #retarget} changes the backends live: open connections drain to the old
 * target and new ones go to the new. Everything runs on virtual threads, except that a TCP direction which has
 * carried {@link ProxyOptions#spliceAfter()} bytes moves the rest with splice(2) on a platform thread, without
 * copying through the JVM (when the JVM runs with {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}; it
 * copies otherwise). The counters are lock-free.
 */
public final class Forwarder implements AutoCloseable {
  private static final int BACKLOG = 4096;
  private final Targets targets;
  private final Meter meter;
  private final Relay relay;

  private Forwarder(Targets targets, Meter meter, Relay relay) {
    this.targets = targets;
    this.meter = meter;
    this.relay = relay;
  }

  /** Starts forwarding connections accepted on {@code listener} to {@code backends} (tried in order). */
  public static Forwarder tcp(ServerSocketChannel listener, List<Backend> backends) {
    return tcp(listener, backends, ProxyOptions.DEFAULTS);
  }

  /** As {@link #tcp(ServerSocketChannel, List)}, with tuned timeouts; the forwarder owns the channel from now on. */
  public static Forwarder tcp(ServerSocketChannel listener, List<Backend> backends, ProxyOptions options) {
    Targets targets = new Targets(backends, options);
    Meter meter = new Meter();
    try {
      listener.configureBlocking(true);
      return new Forwarder(targets, meter, new TcpRelay(listener, targets, meter, options));
    } catch (IOException e) {
      targets.close();
      throw new SystemException("start proxy: " + e.getMessage(), e);
    }
  }

  /** Binds {@code address} (a bind failure is a ConflictException: "port is already allocated"). */
  public static Forwarder tcp(InetSocketAddress address, List<Backend> backends) {
    return tcp(address, backends, ProxyOptions.DEFAULTS);
  }

  /** As {@link #tcp(InetSocketAddress, List)}, with tuned timeouts. */
  public static Forwarder tcp(InetSocketAddress address, List<Backend> backends, ProxyOptions options) {
    new BackendPool(backends); // reject an empty list before binding
    ServerSocketChannel listener = null;
    try {
      listener = ServerSocketChannel.open(family(address));
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      listener.bind(address, BACKLOG);
    } catch (IOException e) {
      closeQuietly(listener);
      throw bindFailure(address, e);
    } catch (RuntimeException e) { // an unresolved or unsupported address
      closeQuietly(listener);
      throw new dev.berth.errors.InvalidArgumentException("Bind for " + address + " failed: " + e, e);
    }
    return tcp(listener, backends, options);
  }

  /** Binds {@code address} for UDP and forwards each client's datagrams to {@code backend}. */
  public static Forwarder udp(InetSocketAddress address, Backend backend) {
    return udp(address, backend, ProxyOptions.DEFAULTS);
  }

  /** As {@link #udp(InetSocketAddress, Backend)}, with a tuned session idle timeout. */
  public static Forwarder udp(InetSocketAddress address, Backend backend, ProxyOptions options) {
    DatagramChannel listener = null;
    try {
      listener = DatagramChannel.open(family(address));
      listener.bind(address);
    } catch (IOException e) {
      closeQuietly(listener);
      throw bindFailure(address, e);
    } catch (RuntimeException e) { // an unresolved or unsupported address
      closeQuietly(listener);
      throw new dev.berth.errors.InvalidArgumentException("Bind for " + address + " failed: " + e, e);
    }
    Targets targets = new Targets(List.of(backend), options);
    Meter meter = new Meter();
    try {
      return new Forwarder(targets, meter, new UdpRelay(listener, targets, meter, options));
    } catch (IOException e) {
      targets.close();
      closeQuietly(listener);
      throw new SystemException("start UDP proxy on " + address + ": " + e.getMessage(), e);
    }
  }

  /** New connections go to {@code backends}; open ones finish with the old. A UDP forwarder uses the first. */
  public void retarget(List<Backend> backends) {
    targets.retarget(backends);
  }

  public List<Backend> backends() {
    return targets.pool().backends();
  }

  /** Whether {@code backend} is currently marked down by the health check (skipped while others answer). */
  public boolean isDown(Backend backend) {
    return targets.pool().isDown(backend);
  }

  public Counters counters() {
    return meter.snapshot();
  }

  /** How many connection directions moved to the zero-copy path (splice(2)) so far; for tests. */
  long splicedDirections() {
    return meter.splicedDirections();
  }

  /** The bound address (the port chosen when 0 was asked). */
  public InetSocketAddress address() {
    return relay.address();
  }

  /** Stops accepting and closes open connections. */
  @Override
  public void close() {
    targets.close();
    relay.close();
  }

  private static StandardProtocolFamily family(InetSocketAddress address) {
    return address.getAddress() instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
  }

  private static RuntimeException bindFailure(InetSocketAddress address, IOException e) {
    String where = (address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress())
        + ":" + address.getPort();
    if (e instanceof BindException && String.valueOf(e.getMessage()).contains("in use")) {
      return new ConflictException("Bind for " + where + " failed: port is already allocated", e);
    }
    return new SystemException("Bind for " + where + " failed: " + e.getMessage(), e);
  }

  private static void closeQuietly(java.nio.channels.Channel c) {
    if (c == null) return;
    try {
      c.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
