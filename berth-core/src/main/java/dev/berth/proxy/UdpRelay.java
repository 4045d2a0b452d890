package dev.berth.proxy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UDP side of a forwarder, as docker-proxy does it: per client address a session socket connected to the
 * backend; datagrams from the client go out through it, and its replies go back to the client from the listening
 * socket. A session with no traffic either way for the idle timeout is closed. A retarget affects new sessions.
 */
final class UdpRelay implements Relay {
  private static final int MAX_DATAGRAM = 65_535;
  private final DatagramChannel listener;
  private final InetSocketAddress address;
  private final Targets targets;
  private final Meter meter;
  private final long idleNanos;
  private final Map<SocketAddress, Session> sessions = new ConcurrentHashMap<>();
  private volatile boolean closed;

  UdpRelay(DatagramChannel listener, Targets targets, Meter meter, ProxyOptions options) throws IOException {
    this.listener = listener;
    this.address = (InetSocketAddress) listener.getLocalAddress();
    this.targets = targets;
    this.meter = meter;
    this.idleNanos = options.udpIdleTimeout().toNanos();
    Thread.ofVirtual().name("berth-proxy-udp-" + address.getPort()).start(this::receiveLoop);
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  int sessions() {
    return sessions.size();
  }

  private void receiveLoop() {
    ByteBuffer buf = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    while (!closed) {
      try {
        buf.clear();
        SocketAddress client = listener.receive(buf);
        buf.flip();
        Session s = sessions.computeIfAbsent(client, this::open);
        if (s != null) s.forward(buf);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (closed) return;
      }
    }
  }

  private Session open(SocketAddress client) {
    Backend backend = targets.pool().backends().getFirst();
    try {
      DatagramSocket socket = new DatagramSocket();
      socket.connect(backend.address());
      socket.setSoTimeout((int) Math.max(1, Math.min(1000, idleNanos / 1_000_000)));
      Session s = new Session(client, socket);
      meter.opened();
      Thread.ofVirtual().name("berth-proxy-udp-session").start(s::replyLoop);
      return s;
    } catch (IOException | IllegalArgumentException e) {
      return null; // backend unresolvable or unreachable: drop the datagram, as UDP would
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // nothing more to do
    }
    for (Session s : sessions.values()) s.end();
  }

  /** One client's association with the backend. */
  private final class Session {
    private final SocketAddress client;
    private final DatagramSocket socket;
    private volatile long lastActive = System.nanoTime();

    Session(SocketAddress client, DatagramSocket socket) {
      this.client = client;
      this.socket = socket;
    }

    void forward(ByteBuffer datagram) throws IOException {
      byte[] data = new byte[datagram.remaining()];
      datagram.get(data);
      lastActive = System.nanoTime();
      meter.in(data.length); // before sending: the reply can reach the client before send() returns
      try {
        socket.send(new DatagramPacket(data, data.length));
      } catch (IOException e) {
        // backend port unreachable for now: UDP drops it
      }
    }

    void replyLoop() {
      byte[] data = new byte[MAX_DATAGRAM];
      DatagramPacket packet = new DatagramPacket(data, data.length);
      while (!socket.isClosed()) {
        try {
          packet.setLength(data.length);
          socket.receive(packet);
          lastActive = System.nanoTime();
          listener.send(ByteBuffer.wrap(data, 0, packet.getLength()), client);
          meter.out(packet.getLength());
        } catch (SocketTimeoutException e) {
          if (System.nanoTime() - lastActive >= idleNanos) break;
        } catch (IOException e) {
          if (socket.isClosed() || !listener.isOpen()) break;
        }
      }
      end();
    }

    void end() {
      if (sessions.remove(client, this)) meter.closed();
      socket.close();
    }
  }
}
