package dev.berth.network.dns;

import dev.berth.errors.InvalidStateException;
import dev.berth.errors.SystemException;
import dev.berth.network.netns.NetNs;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The daemon's DNS server; one instance serves every container. For each container it binds a UDP socket and a
 * TCP listener at 127.0.0.11:53 inside the container's network namespace (the sockets stay there after the
 * binding thread leaves it), and serves them on berthd's virtual threads. Names are answered from {@link Names}
 * as seen by that container; other questions go to the host's resolvers from the host's namespace. See
 * {@link LocalAnswers} for what is answered here and {@link Forwarder} for the rest.
 */
public final class EmbeddedDns implements AutoCloseable {
  /** The address Docker's embedded DNS listens on in every container. */
  public static final String ADDRESS = "127.0.0.11";
  /** How long one upstream resolver may take before the next is asked, as Docker waits. */
  static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(4);

  private final QueryHandler handler;
  private final Object lock = new Object();
  private final Set<Serving> serving = new HashSet<>();
  private boolean closed;

  /** @param upstream the host's resolvers (from its resolv.conf), asked for names that are not containers' */
  public EmbeddedDns(Names names, List<InetSocketAddress> upstream) {
    this(names, upstream, UPSTREAM_TIMEOUT);
  }

  EmbeddedDns(Names names, List<InetSocketAddress> upstream, Duration upstreamTimeout) {
    this.handler = new QueryHandler(new LocalAnswers(names), new Forwarder(upstream, upstreamTimeout));
  }

  /**
   * Starts serving inside {@code netns} for container {@code containerId}; close the result to stop. The
   * namespace's loopback must be up (binding 127.0.0.11 fails otherwise). SystemException when a socket cannot
   * be bound; nothing is left open then.
   */
  public AutoCloseable serve(String containerId, NetNs netns) {
    InetSocketAddress at = new InetSocketAddress(ADDRESS, 53);
    Sockets sockets = netns.inside(() -> Sockets.bind(containerId, at, "in network namespace " + netns.path()));
    return start(containerId, sockets);
  }

  /** As {@link #serve}, on {@code address} in the caller's own namespace (port 0: any free port for both). */
  Serving serveAt(String containerId, InetSocketAddress address) {
    return start(containerId, Sockets.bind(containerId, address, "in the host namespace"));
  }

  private Serving start(String containerId, Sockets sockets) {
    Serving s = new Serving(containerId, sockets);
    synchronized (lock) {
      if (closed) {
        sockets.close();
        throw new InvalidStateException("embedded DNS", "closed", "serving container " + containerId);
      }
      serving.add(s);
    }
    s.receiver = new UdpServer(containerId, sockets.udp(), handler).start();
    s.tcp.start();
    return s;
  }

  /** Stops serving every container; later {@link #serve} calls fail. */
  @Override
  public void close() {
    List<Serving> all;
    synchronized (lock) {
      closed = true;
      all = List.copyOf(serving);
    }
    for (Serving s : all) s.close();
  }

  /**
   * The nameservers of a resolv.conf (port 53), in order: the upstream resolvers to give the constructor.
   * Empty when the file is missing or lists none; then only container names resolve.
   */
  public static List<InetSocketAddress> hostResolvers(Path resolvConf) {
    return ResolvConf.nameservers(resolvConf);
  }

  /** One container's pair of sockets, served until closed. */
  final class Serving implements AutoCloseable {
    private final String containerId;
    private final Sockets sockets;
    private final TcpServer tcp;
    private volatile Thread receiver;

    private Serving(String containerId, Sockets sockets) {
      this.containerId = containerId;
      this.sockets = sockets;
      this.tcp = new TcpServer(containerId, sockets.tcp(), handler);
    }

    /** Where the sockets are bound (UDP and TCP share it). */
    InetSocketAddress address() {
      return (InetSocketAddress) sockets.udp().getLocalSocketAddress();
    }

    @Override
    public void close() {
      synchronized (lock) {
        serving.remove(this);
      }
      tcp.close();
      sockets.close();
      Awaits.end(receiver);
    }

    @Override
    public String toString() {
      return "embedded DNS of container " + containerId + " at " + address();
    }
  }

  /** The UDP socket and TCP listener of one container, bound to the same address and port. */
  record Sockets(DatagramSocket udp, ServerSocket tcp) {
    /** Binds both in the calling thread's namespace; with port 0, TCP takes the port UDP got (retrying if taken). */
    static Sockets bind(String containerId, InetSocketAddress at, String where) {
      IOException failure = null;
      for (int attempt = 0; attempt < (at.getPort() == 0 ? 5 : 1); attempt++) {
        DatagramChannel udp = null;
        ServerSocketChannel tcp = null;
        try {
          udp = DatagramChannel.open(StandardProtocolFamily.INET);
          udp.bind(at);
          tcp = ServerSocketChannel.open(StandardProtocolFamily.INET);
          tcp.bind(new InetSocketAddress(at.getAddress(), udp.socket().getLocalPort()), 128);
          return new Sockets(udp.socket(), tcp.socket());
        } catch (IOException e) {
          failure = e;
          closeQuietly(udp);
          closeQuietly(tcp);
        }
      }
      String hint = failure instanceof BindException && String.valueOf(failure.getMessage()).contains("assign")
          ? " (is the loopback interface up there?)" : "";
      throw new SystemException("start embedded DNS for container " + containerId + ": cannot bind "
          + at.getAddress().getHostAddress() + ":" + at.getPort() + " " + where + ": " + failure.getMessage() + hint, failure);
    }

    private static void closeQuietly(AutoCloseable c) {
      if (c == null) return;
      try {
        c.close();
      } catch (Exception e) {
        // nothing was handed out: closing is best effort
      }
    }

    void close() {
      closeQuietly(udp);
      closeQuietly(tcp);
    }
  }
}
