package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which backend sockets get cubic: host-internal ones when the host's default is BBR. The last test reads the
 * congestion control the kernel reports for the Forwarder's real backend connection ({@code ss -ti}).
 */
class CongestionTest {
  @Test
  void internal_loopbackAndThisHostsAddresses_areInternal_aDocumentationAddressIsNot() throws Exception {
    assertThat(Congestion.internal(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(Congestion.internal(InetAddress.getByName("127.3.4.5"))).isTrue();
    assertThat(Congestion.internal(InetAddress.getByName("::1"))).isTrue();
    assertThat(Congestion.internal(InetAddress.getByName("192.0.2.77"))).as("TEST-NET-1, on no host").isFalse();
  }

  @Test
  void sameSubnet_comparesOnlyThePrefixBits() throws Exception {
    InetAddress gw = InetAddress.getByName("10.237.0.1");
    assertThat(Congestion.sameSubnet(gw, InetAddress.getByName("10.237.0.200"), 24)).isTrue();
    assertThat(Congestion.sameSubnet(gw, InetAddress.getByName("10.237.1.2"), 24)).isFalse();
    assertThat(Congestion.sameSubnet(gw, InetAddress.getByName("10.237.1.2"), 16)).isTrue();
    assertThat(Congestion.sameSubnet(gw, InetAddress.getByName("::1"), 24)).isFalse();
  }

  @Test
  void forwarder_backendOnLoopback_getsCubicWhenTheHostDefaultIsBbr_elseKeepsTheDefault() throws Exception {
    String dflt = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_congestion_control")).strip();
    boolean cubicThere = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_available_congestion_control")).contains("cubic");
    String expected = dflt.equals("bbr") && cubicThere ? "cubic" : dflt;
    try (EchoServer server = new EchoServer('a');
        Forwarder f = Forwarder.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), List.of(server.backend()));
        Socket client = new Socket()) {
      client.connect(f.address(), 3000);
      client.setSoTimeout(3000);
      InputStream in = client.getInputStream();
      assertThat(in.read()).isEqualTo('a'); // the backend connection is up
      int port = server.backend().port();
      String ss = run("ss", "-tinH", "state", "established", "dst", "127.0.0.1:" + port);
      assertThat(ss).as("ss output for the backend connection").contains(":" + port);
      List<String> words = List.of(ss.split("\\s+"));
      assertThat(words).as(ss).contains(expected);
    }
  }

  private static String run(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
