package dev.berth.daemon.e2e;

import static dev.berth.daemon.e2e.NetTestKit.get;
import static dev.berth.daemon.e2e.NetTestKit.WHO;
import static dev.berth.daemon.e2e.NetTestKit.fetchFrom;
import static dev.berth.daemon.e2e.NetTestKit.seen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.network.NetworkDefaults;
import org.junit.jupiter.api.Test;

/**
 * Published ports end to end with the docker CLI against a berthd with its own bridge, subnets and chain prefix:
 * reached from another network namespace they go through the DNAT rules (the container sees the client's own
 * address), reached on 127.0.0.1 through the userland proxy (the container sees the bridge's gateway).
 */
class DockerPublishIT extends NetworkDaemonTestBase {
  @Override
  protected NetworkDefaults networkDefaults() {
    return NetTestKit.uniqueDefaults("bp");
  }

  @Test
  void publishedPort_fromAnotherNamespace_goesThroughDnat_containerSeesTheClientAddress() throws Exception {
    try (NetTestKit.PeerNs ns = NetTestKit.PeerNs.create("bp")) {
      d.ok("run", "-d", "--name", "who", "-p", "80", "busybox", "sh", "-c", WHO);
      int port = hostPort("who", "80");

      String viaDnat = fetchFrom(ns, ns.hostAddress(), port);
      assertThat(seen(viaDnat)).as("client address seen, answering the other namespace").isEqualTo(ns.address());

      String viaProxy = get("127.0.0.1", port, "/cgi-bin/ip");
      assertThat(seen(viaProxy)).as("client address seen, answering on loopback through the proxy").isEqualTo(gateway());
    }
  }

  @Test
  void portOnOneHostAddress_reachedOnThatAddressFromAnotherNamespace_throughDnat() throws Exception {
    try (NetTestKit.PeerNs ns = NetTestKit.PeerNs.create("bq")) {
      d.ok("run", "-d", "--name", "one", "-p", ns.hostAddress() + "::80", "busybox", "sh", "-c", WHO);
      int port = hostPort("one", "80");
      assertThat(d.ok("port", "one", "80").out().trim()).isEqualTo(ns.hostAddress() + ":" + port);
      assertThat(seen(fetchFrom(ns, ns.hostAddress(), port))).isEqualTo(ns.address());
    }
  }

  /** perl (Debian's perl-base) answering each datagram on UDP 53 with {@code hi <text> from <client address>}. */
  private static final String UDP_ECHO = "use IO::Socket::INET; $s = IO::Socket::INET->new(LocalPort => 53, Proto => 'udp') "
      + "or die \"bind: $!\"; while (1) { $s->recv($m, 2048); $s->send(\"hi $m from \" . $s->peerhost) }";

  /** Sends {@code text} to 127.0.0.1:port from the test JVM, retried while the server starts; the answer. */
  private String askUdp(int port, String text) throws Exception {
    try (java.net.DatagramSocket client = new java.net.DatagramSocket()) {
      client.setSoTimeout(500);
      byte[] out = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      for (int i = 0; i < 40; i++) {
        client.send(new java.net.DatagramPacket(out, out.length, java.net.InetAddress.getLoopbackAddress(), port));
        java.net.DatagramPacket in = new java.net.DatagramPacket(new byte[2048], 2048);
        try {
          client.receive(in);
          return new String(in.getData(), 0, in.getLength(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.net.SocketTimeoutException e) {
          // not listening yet
        }
      }
      throw new AssertionError("no UDP answer on 127.0.0.1:" + port);
    }
  }

  @Test
  void publishedUdpPort_answersALoopbackClientThroughTheProxy_andAnotherNamespaceThroughDnat() throws Exception {
    DebianImage.importInto(d);
    int port;
    try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0)) {
      port = probe.getLocalPort();
    }
    try (NetTestKit.PeerNs ns = NetTestKit.PeerNs.create("bu")) {
      d.ok("run", "-d", "--name", "dns", "-p", port + ":53/udp", DebianImage.REFERENCE, "perl", "-e", UDP_ECHO);
      assertThat(d.ok("port", "dns", "53/udp").out().trim()).isEqualTo("0.0.0.0:" + port);

      assertThat(askUdp(port, "loop")).isEqualTo("hi loop from " + gateway());
      assertThat(askUdp(port, "again")).isEqualTo("hi again from " + gateway());

      String fromNs = NetTestKit.argv("ip", "netns", "exec", ns.name(), "perl", "-MIO::Socket::INET", "-e",
          "$s = IO::Socket::INET->new(PeerAddr => '" + ns.hostAddress() + "', PeerPort => " + port + ", Proto => 'udp') or die $!; "
              + "for (1..10) { $s->send('ns'); $r = ''; eval { local $SIG{ALRM} = sub { die }; alarm 1; $s->recv($r, 2048); alarm 0 }; "
              + "if ($r ne '') { print $r; exit 0 } } exit 1");
      assertThat(fromNs).isEqualTo("hi ns from " + ns.address());
    }
  }
}
