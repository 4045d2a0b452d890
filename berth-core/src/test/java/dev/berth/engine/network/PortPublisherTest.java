package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.ConflictException;
import dev.berth.network.PortMapping;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Published UDP ports on loopback, with a UDP server on 127.0.0.1 standing in for the container: the host port is
 * bound (a random one when 0 is asked), a client's datagram reaches the server and its answer comes back to the
 * client, a port already bound is Docker's "port is already allocated", and closing the handle frees the port.
 */
class PortPublisherTest {
  private DatagramSocket server;
  private Thread serverLoop;

  @BeforeEach
  void startServer() throws Exception {
    server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    serverLoop = Thread.ofVirtual().start(() -> {
      byte[] buf = new byte[2048];
      while (!server.isClosed()) {
        try {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          server.receive(p);
          byte[] reply = ("hi " + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
          server.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
        } catch (Exception e) {
          return;
        }
      }
    });
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
    serverLoop.join(2000);
  }

  private static String ask(int port, String text) throws Exception {
    try (DatagramSocket client = new DatagramSocket()) {
      client.setSoTimeout(3000);
      byte[] out = text.getBytes(StandardCharsets.UTF_8);
      client.send(new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), port));
      DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
      client.receive(in);
      return new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Binds the port, retried for 2 s: a UDP listener's socket is closed for good when its receiving virtual thread
   * wakes up and returns, just after {@code close()}.
   */
  private static DatagramSocket bindWithin2s(int port) throws Exception {
    for (int i = 0; ; i++) {
      try {
        return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (java.net.BindException e) {
        if (i == 100) throw e;
        Thread.sleep(20);
      }
    }
  }

  @Test
  void publishUdp_randomPortOnLoopback_answersALoopbackClient() throws Exception {
    PortPublisher.Bound b = PortPublisher.publish(new PortMapping("udp", server.getLocalPort(), "127.0.0.1", 0), "127.0.0.1", "ctr", "c1");
    try {
      assertThat(b.mapping().hostPort()).isPositive();
      assertThat(b.mapping().protocol()).isEqualTo("udp");
      assertThat(ask(b.mapping().hostPort(), "one")).isEqualTo("hi one");
      assertThat(ask(b.mapping().hostPort(), "two")).isEqualTo("hi two");
    } finally {
      b.handle().close();
    }
  }

  @Test
  void publishUdp_portAlreadyBound_isPortAlreadyAllocated() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      assertThatThrownBy(() -> PortPublisher.publish(new PortMapping("udp", 53, "127.0.0.1", taken.getLocalPort()), "127.0.0.1", "ctr", "c1"))
          .isInstanceOf(ConflictException.class)
          .hasMessage("driver failed programming external connectivity on endpoint ctr (c1): Bind for 127.0.0.1:"
              + taken.getLocalPort() + " failed: port is already allocated");
    }
  }

  @Test
  void publishUdp_twiceOnOnePort_secondIsRefused_andCloseFreesThePort() throws Exception {
    PortPublisher.Bound first = PortPublisher.publish(new PortMapping("udp", server.getLocalPort(), "127.0.0.1", 0), "127.0.0.1", "a", "c1");
    int port = first.mapping().hostPort();
    try {
      assertThatThrownBy(() -> PortPublisher.publish(new PortMapping("udp", server.getLocalPort(), "127.0.0.1", port), "127.0.0.1", "b", "c2"))
          .isInstanceOf(ConflictException.class).hasMessageContaining("port is already allocated");
    } finally {
      first.handle().close();
    }
    try (DatagramSocket again = bindWithin2s(port)) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
    try (DatagramSocket client = new DatagramSocket()) {
      client.setSoTimeout(300);
      client.send(new DatagramPacket(new byte[] {1}, 1, InetAddress.getLoopbackAddress(), port));
      assertThatThrownBy(() -> client.receive(new DatagramPacket(new byte[16], 16))).isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void publishWithoutUserlandProxy_tcp_reservesThePortWithoutListening_othersCannotBindIt_closeFreesIt() throws Exception {
    PortPublisher.Bound b = PortPublisher.publish(new PortMapping("tcp", 80, "127.0.0.1", 0), "10.9.9.9", "ctr", "c1", false);
    int port = b.mapping().hostPort();
    try {
      assertThat(port).isPositive();
      try (java.net.Socket s = new java.net.Socket()) {
        assertThatThrownBy(() -> s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000))
            .as("nothing listens: the port is only reserved").isInstanceOf(java.net.ConnectException.class);
      }
      try (java.net.ServerSocket other = new java.net.ServerSocket()) {
        other.setReuseAddress(true);
        assertThatThrownBy(() -> other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
            .as("a listener with SO_REUSEADDR cannot take the reserved port").isInstanceOf(java.net.BindException.class);
      }
      assertThatThrownBy(() -> PortPublisher.publish(new PortMapping("tcp", 80, "127.0.0.1", port), "10.9.9.9", "b", "c2", false))
          .isInstanceOf(ConflictException.class)
          .hasMessage("driver failed programming external connectivity on endpoint b (c2): Bind for 127.0.0.1:" + port
              + " failed: port is already allocated");
    } finally {
      b.handle().close();
    }
    try (java.net.ServerSocket again = new java.net.ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void publishWithoutUserlandProxy_portTakenByAListener_isPortAlreadyAllocated() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> PortPublisher.publish(new PortMapping("tcp", 80, "0.0.0.0", taken.getLocalPort()), "10.9.9.9", "ctr", "c1", false))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("Bind for 0.0.0.0:" + taken.getLocalPort() + " failed: port is already allocated");
    }
  }

  @Test
  void publishWithoutUserlandProxy_udp_reservesThePort_datagramsAreNotForwarded() throws Exception {
    PortPublisher.Bound b = PortPublisher.publish(new PortMapping("udp", server.getLocalPort(), "127.0.0.1", 0), "127.0.0.1", "ctr", "c1", false);
    int port = b.mapping().hostPort();
    try {
      assertThatThrownBy(() -> new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
          .isInstanceOf(java.net.BindException.class);
      try (DatagramSocket client = new DatagramSocket()) {
        client.setSoTimeout(300);
        client.send(new DatagramPacket(new byte[] {1}, 1, InetAddress.getLoopbackAddress(), port));
        assertThatThrownBy(() -> client.receive(new DatagramPacket(new byte[16], 16)))
            .as("no proxy answers: the server behind it is never reached").isInstanceOf(SocketTimeoutException.class);
      }
    } finally {
      b.handle().close();
    }
    try (DatagramSocket again = bindWithin2s(port)) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void publishWithoutUserlandProxy_ipv6HostAddress_stillGetsTheProxy() throws Exception {
    PortPublisher.Bound b = PortPublisher.publish(new PortMapping("udp", server.getLocalPort(), "::1", 0), "127.0.0.1", "ctr", "c1", false);
    try (DatagramSocket client = new DatagramSocket()) {
      client.setSoTimeout(3000);
      client.send(new DatagramPacket(new byte[] {'x'}, 1, InetAddress.getByName("::1"), b.mapping().hostPort()));
      DatagramPacket in = new DatagramPacket(new byte[64], 64);
      client.receive(in);
      assertThat(new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8)).isEqualTo("hi x");
    } finally {
      b.handle().close();
    }
  }
}
