package dev.berth.engine.network;

import dev.berth.errors.ConflictException;
import dev.berth.errors.SystemException;
import dev.berth.network.PortMapping;
import dev.berth.proxy.Backend;
import dev.berth.proxy.Forwarder;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * Binds a published port on the host before anything else is done for it: the bind reserves the port (no other
 * process can take it, which CNI's DNAT alone never ensures), gives the random port for {@code -p 80}, and is the
 * clear "port is already allocated" error. The port then gets a userland proxy to the container for loopback
 * clients (DNAT serves every other source), as docker-proxy does: TCP through {@link Forwarder#tcp} on the channel
 * bound here, UDP through {@link Forwarder#udp}, which binds the port itself (without SO_REUSEADDR, under which Linux
 * would let a second UDP socket share the port) and keeps a session per client.
 *
 * <p>Without the userland proxy ({@code userland-proxy: false}) an IPv4 port is only reserved: a socket is bound
 * to it and held, without {@code SO_REUSEADDR} and without listening, so no other process can bind the port and
 * nothing in berthd ever serves it; every connection, loopback included, reaches the container by DNAT. An IPv6
 * host address still gets the proxy, since the rules are IPv4 only.
 */
final class PortPublisher {
  private PortPublisher() {}

  /** A bound port: the mapping with its actual host port, and what to close to free it. */
  record Bound(PortMapping mapping, AutoCloseable handle) {}

  static Bound publish(PortMapping m, String containerIp, String endpointName, String containerId) {
    return publish(m, containerIp, endpointName, containerId, true);
  }

  /**
   * @param userlandProxy false: an IPv4 port is reserved ({@link #reserve}) and left to DNAT, with no proxy
   */
  static Bound publish(PortMapping m, String containerIp, String endpointName, String containerId, boolean userlandProxy) {
    if (!userlandProxy && !isIpv6(m.hostIp())) return reserve(m, endpointName, containerId);
    if (m.protocol().equals("udp")) return publishUdp(m, containerIp, endpointName, containerId);
    NetworkChannel ch = null;
    try {
      ch = ServerSocketChannel.open();
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      ch.bind(new InetSocketAddress(m.hostIp(), m.hostPort()));
      int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
      PortMapping actual = new PortMapping(m.protocol(), m.containerPort(), m.hostIp(), port);
      return new Bound(actual, proxy((ServerSocketChannel) ch, containerIp, m.containerPort()));
    } catch (BindException e) {
      closeQuietly(ch);
      throw allocated(m, endpointName, containerId);
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      if (e instanceof ConflictException c) throw c;
      throw new SystemException("publish port " + m.hostIp() + ":" + m.hostPort() + " of " + endpointName + ": " + e.getMessage(), e);
    }
  }

  private static Bound publishUdp(PortMapping m, String containerIp, String endpointName, String containerId) {
    Forwarder f;
    try {
      f = Forwarder.udp(new InetSocketAddress(m.hostIp(), m.hostPort()), new Backend(containerIp, m.containerPort()));
    } catch (ConflictException e) {
      throw allocated(m, endpointName, containerId);
    } catch (RuntimeException e) {
      throw new SystemException("publish port " + m.hostIp() + ":" + m.hostPort() + "/udp of " + endpointName + ": " + e.getMessage(), e);
    }
    return new Bound(new PortMapping(m.protocol(), m.containerPort(), m.hostIp(), f.address().getPort()), f);
  }

  /**
   * Binds an IPv4 socket of the port's protocol to the host address and port and holds it: the port is taken
   * (a later bind by anyone fails, since this socket has no {@code SO_REUSEADDR}), port 0 gets a free port, and
   * because the TCP socket never listens, nothing is served here, so a connection that DNAT did not catch is
   * refused rather than left hanging.
   */
  static Bound reserve(PortMapping m, String endpointName, String containerId) {
    Channel ch = null;
    try {
      InetSocketAddress at = new InetSocketAddress(m.hostIp(), m.hostPort());
      InetSocketAddress bound;
      if (m.protocol().equals("udp")) {
        DatagramChannel d = DatagramChannel.open(StandardProtocolFamily.INET);
        ch = d;
        d.bind(at);
        bound = (InetSocketAddress) d.getLocalAddress();
      } else {
        SocketChannel s = SocketChannel.open(StandardProtocolFamily.INET);
        ch = s;
        s.bind(at);
        bound = (InetSocketAddress) s.getLocalAddress();
      }
      return new Bound(new PortMapping(m.protocol(), m.containerPort(), m.hostIp(), bound.getPort()), ch);
    } catch (BindException e) {
      closeQuietly(ch);
      throw allocated(m, endpointName, containerId);
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      throw new SystemException("reserve port " + m.hostIp() + ":" + m.hostPort() + "/" + m.protocol() + " of " + endpointName
          + ": " + e.getMessage(), e);
    }
  }

  private static boolean isIpv6(String ip) {
    return ip.indexOf(':') >= 0;
  }

  private static ConflictException allocated(PortMapping m, String endpointName, String containerId) {
    return new ConflictException("driver failed programming external connectivity on endpoint " + endpointName + " ("
        + containerId + "): Bind for " + m.hostIp() + ":" + m.hostPort() + " failed: port is already allocated");
  }

  private static AutoCloseable proxy(ServerSocketChannel s, String containerIp, int port) {
    try {
      return Forwarder.tcp(s, List.of(new Backend(containerIp, port)));
    } catch (UnsupportedOperationException notYet) {
      return PortProxy.start(s, new InetSocketAddress(containerIp, port));
    }
  }

  static void closeQuietly(AutoCloseable c) {
    if (c == null) return;
    try {
      c.close();
    } catch (Exception ignored) {
      // closing a socket we own: nothing left to do
    }
  }
}
