package dev.berth.network.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.network.dns.DnsMessage.RData;
import dev.berth.network.dns.DnsMessage.ResourceRecord;
import dev.berth.network.netns.NetNs;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server in a real network namespace (root): busybox nslookup inside it resolves a container name and an
 * external one (forwarded to a fake resolver on the host's loopback, which only the host namespace reaches),
 * and the host namespace cannot reach 127.0.0.11:53.
 */
class EmbeddedDnsIT {
  private static final String ASKER = "c1" + "a".repeat(62);
  private static final InetSocketAddress DNS = new InetSocketAddress(EmbeddedDns.ADDRESS, 53);

  private final Names names = new Names() {
    @Override
    public List<String> lookup(String asker, String name) {
      return asker.equals(ASKER) && name.equals("bt-redis") ? List.of("10.213.77.2") : List.of();
    }

    @Override
    public String reverse(String asker, String ipv4) {
      return asker.equals(ASKER) && ipv4.equals("10.213.77.2") ? "bt-redis" : null;
    }
  };

  private Path dir;
  private NetNs netns;
  private FakeUpstream upstream;
  private EmbeddedDns dns;

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createTempDirectory("berth-dns-it");
    netns = NetNs.create(dir, "BTdns" + UUID.randomUUID().toString().substring(0, 8));
    upstream = new FakeUpstream(q -> q.questions().getFirst().name().equals("www.example.org")
        ? q.reply(DnsMessage.NOERROR, List.of(new ResourceRecord("www.example.org", DnsMessage.TYPE_A, DnsMessage.CLASS_IN, 42,
            new RData.Ipv4("192.0.2.80"))))
        : q.reply(DnsMessage.NXDOMAIN, List.of()));
    dns = new EmbeddedDns(names, List.of(upstream.address()), Duration.ofSeconds(2));
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (dns != null) dns.close();
      if (upstream != null) upstream.close();
    } finally {
      if (netns != null) netns.delete();
      Files.deleteIfExists(dir);
    }
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
  }

  @Test
  void serve_busyboxNslookupInNamespace_resolvesContainerName() throws Exception {
    dns.serve(ASKER, netns);

    String out = nslookup("bt-redis");

    assertThat(out).contains("10.213.77.2").doesNotContain("NXDOMAIN");
  }

  @Test
  void serve_busyboxNslookupExternalName_forwardedFromHostNamespace() throws Exception {
    dns.serve(ASKER, netns);

    String out = nslookup("www.example.org");

    assertThat(out).contains("192.0.2.80");
    assertThat(upstream.asked).contains("udp www.example.org");
    assertThat(nslookup("bt-nosuch")).contains("NXDOMAIN");
  }

  @Test
  void serve_fromHostNamespace_notReachable() throws Exception {
    dns.serve(ASKER, netns);

    assertThat(DnsClient.udp(DNS, DnsClient.query(1, "bt-redis", DnsMessage.TYPE_A), Duration.ofMillis(500))).isNull();
    assertThatThrownBy(() -> DnsClient.tcp(DNS, DnsClient.query(2, "bt-redis", DnsMessage.TYPE_A)))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void serve_tcpInsideNamespace_answers() throws Exception {
    dns.serve(ASKER, netns);
    try (SocketChannel ch = netns.inside(() -> SocketChannel.open(DNS))) {
      DnsClient.send(ch.socket().getOutputStream(), DnsClient.query(3, "bt-redis", DnsMessage.TYPE_A));
      ch.socket().setSoTimeout(5000);

      DnsMessage reply = DnsClient.receive(new java.io.DataInputStream(ch.socket().getInputStream()));

      assertThat(reply.answers()).extracting(ResourceRecord::data).containsExactly(new RData.Ipv4("10.213.77.2"));
    }
  }

  @Test
  void close_handle_freesTheAddressInTheNamespace() throws Exception {
    AutoCloseable handle = dns.serve(ASKER, netns);

    handle.close();

    assertThatThrownBy(() -> netns.inside(() -> SocketChannel.open(DNS))).hasRootCauseInstanceOf(ConnectException.class);
    dns.serve(ASKER, netns).close();
  }

  @Test
  void serve_costAndRoundTrip_measured() throws Exception {
    long[] serveMicros = new long[40];
    for (int i = 0; i < serveMicros.length; i++) {
      long start = System.nanoTime();
      AutoCloseable handle = dns.serve(ASKER, netns);
      serveMicros[i] = (System.nanoTime() - start) / 1000;
      handle.close();
    }
    dns.serve(ASKER, netns);
    long[] rttMicros = new long[300];
    try (DatagramSocket client = netns.inside(() -> DatagramChannel.open(StandardProtocolFamily.INET).bind(null).socket())) {
      client.setSoTimeout(5000);
      for (int i = 0; i < rttMicros.length; i++) {
        byte[] q = DnsClient.query(i, "bt-redis", DnsMessage.TYPE_A);
        long start = System.nanoTime();
        client.send(new DatagramPacket(q, q.length, DNS));
        byte[] buf = new byte[512];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        client.receive(in);
        rttMicros[i] = (System.nanoTime() - start) / 1000;
        assertThat(DnsCodec.decode(buf, in.getLength()).id()).isEqualTo(i);
      }
    }
    System.out.printf("embedded DNS in a netns: serve() median %d us (first %d us, n=%d); UDP round trip median %d us, p90 %d us (n=%d)%n",
        median(serveMicros), serveMicros[0], serveMicros.length, median(rttMicros), p90(rttMicros), rttMicros.length);
  }

  private static long median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static long p90(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length * 9 / 10];
  }

  private String nslookup(String name) throws IOException, InterruptedException {
    return run("nsenter", "--net=" + netns.path(), "busybox", "nslookup", name, EmbeddedDns.ADDRESS);
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish");
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
