package dev.berth.network.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

/**
 * Serves one container's UDP socket: a virtual thread receives, and each query is answered on a virtual thread
 * of its own (a forwarded one may wait seconds for the upstream). At most {@value #MAX_PENDING} queries are in
 * hand at once; past that, datagrams are dropped as a busy server's would be, and the client retries. Closing
 * the socket ends the loop.
 */
final class UdpServer {
  static final int MAX_PENDING = 256;
  /** A query larger than this is not one a resolver sends (EDNS clients advertise at most a few KB). */
  private static final int MAX_QUERY = 4096;

  private final String containerId;
  private final DatagramSocket socket;
  private final QueryHandler handler;
  private final Semaphore pending = new Semaphore(MAX_PENDING);

  UdpServer(String containerId, DatagramSocket socket, QueryHandler handler) {
    this.containerId = containerId;
    this.socket = socket;
    this.handler = handler;
  }

  /** Starts the receive loop; the thread ends once the socket is closed. */
  Thread start() {
    return Thread.ofVirtual().name("dns-udp-" + shortId()).start(this::receiveLoop);
  }

  private void receiveLoop() {
    byte[] buf = new byte[MAX_QUERY];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        if (socket.isClosed()) return;
        Awaits.backOff();
        continue;
      }
      if (!pending.tryAcquire()) continue;
      byte[] query = Arrays.copyOf(buf, packet.getLength());
      SocketAddress client = packet.getSocketAddress();
      Thread.ofVirtual().name("dns-udp-q-" + shortId()).start(() -> answer(query, client));
    }
  }

  private void answer(byte[] query, SocketAddress client) {
    try {
      byte[] reply = handler.handle(containerId, query, query.length, false);
      if (reply != null && !socket.isClosed()) socket.send(new DatagramPacket(reply, reply.length, client));
    } catch (IOException e) {
      // the client went away or the socket closed under us: nothing to tell anyone
    } finally {
      pending.release();
    }
  }

  private String shortId() {
    return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
  }
}
