package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.errors.ConflictException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class UdpForwarderTest {
  private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  /** Replies to each datagram with the tag followed by the datagram. */
  private static DatagramSocket echo(char tag) throws SocketException {
    DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      byte[] buf = new byte[65_535];
      while (!s.isClosed()) {
        try {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          s.receive(p);
          byte[] reply = new byte[p.getLength() + 1];
          reply[0] = (byte) tag;
          System.arraycopy(buf, 0, reply, 1, p.getLength());
          s.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
        } catch (IOException e) {
          return;
        }
      }
    });
    return s;
  }

  private static String roundTrip(DatagramSocket client, InetSocketAddress to, String text) throws IOException {
    byte[] data = text.getBytes();
    client.send(new DatagramPacket(data, data.length, to));
    byte[] buf = new byte[1024];
    DatagramPacket reply = new DatagramPacket(buf, buf.length);
    client.receive(reply);
    return new String(buf, 0, reply.getLength());
  }

  @Test
  void udp_twoClients_eachGetsItsRepliesThenSessionsExpire() throws Exception {
    ProxyOptions shortIdle = ProxyOptions.DEFAULTS.withUdpIdleTimeout(Duration.ofSeconds(2));
    try (DatagramSocket backend = echo('A');
        Forwarder f = Forwarder.udp(ANY_LOOPBACK, new Backend("127.0.0.1", backend.getLocalPort()), shortIdle);
        DatagramSocket c1 = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket c2 = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      c1.setSoTimeout(5000);
      c2.setSoTimeout(5000);

      assertThat(roundTrip(c1, f.address(), "one")).isEqualTo("Aone");
      assertThat(roundTrip(c2, f.address(), "two")).isEqualTo("Atwo");
      assertThat(roundTrip(c1, f.address(), "three")).isEqualTo("Athree");

      assertThat(f.counters().connections()).isEqualTo(2);
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (f.counters().bytesOut() != 4 + 4 + 6 && System.nanoTime() < end) Thread.sleep(20);
      assertThat(f.counters().bytesIn()).isEqualTo(3 + 3 + 5);
      assertThat(f.counters().bytesOut()).isEqualTo(4 + 4 + 6);
      while (f.counters().open() != 0 && System.nanoTime() < end) Thread.sleep(50);
      assertThat(f.counters().open()).as("idle sessions closed").isZero();
      assertThat(roundTrip(c1, f.address(), "again")).isEqualTo("Aagain");
      assertThat(f.counters().connections()).isEqualTo(3);
    }
  }

  @Test
  void udp_retarget_newSessionsGoToNewBackend() throws Exception {
    try (DatagramSocket a = echo('A');
        DatagramSocket b = echo('B');
        Forwarder f = Forwarder.udp(ANY_LOOPBACK, new Backend("127.0.0.1", a.getLocalPort()));
        DatagramSocket c1 = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket c2 = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      c1.setSoTimeout(5000);
      c2.setSoTimeout(5000);
      assertThat(roundTrip(c1, f.address(), "x")).isEqualTo("Ax");

      f.retarget(java.util.List.of(new Backend("127.0.0.1", b.getLocalPort())));

      assertThat(roundTrip(c2, f.address(), "y")).isEqualTo("By");
      assertThat(roundTrip(c1, f.address(), "z")).isEqualTo("Az");
    }
  }

  @Test
  void udp_portInUse_conflict() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
      Assertions.assertThatThrownBy(() -> Forwarder.udp(address, new Backend("127.0.0.1", 1)))
          .isInstanceOf(ConflictException.class)
          .hasMessageEndingWith("failed: port is already allocated");
    }
  }
}
