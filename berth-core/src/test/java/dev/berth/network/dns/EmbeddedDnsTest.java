package dev.berth.network.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidStateException;
import dev.berth.network.dns.DnsMessage.RData;
import dev.berth.network.dns.DnsMessage.ResourceRecord;
import java.io.DataInputStream;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on a free loopback port in the host namespace, with fake {@link Names} and a fake upstream. */
class EmbeddedDnsTest {
  private static final String ASKER = "c1aaaaaaaaaa";
  private static final List<String> MANY = IntStream.range(1, 61).mapToObj(i -> "10.213.2." + i).toList();

  /** Names as the engine would give them to {@link #ASKER}; any other asker sees nothing. */
  private final List<String> namesAsked = Collections.synchronizedList(new ArrayList<>());
  private final Names names = new Names() {
    @Override
    public List<String> lookup(String asker, String name) {
      namesAsked.add(name);
      if (name.equals("boom")) throw new IllegalStateException("engine failure");
      if (!asker.equals(ASKER)) return List.of();
      return Map.of("redis", List.of("10.213.1.2"), "db.alias", List.of("10.213.1.3", "10.213.1.4"), "many", MANY)
          .getOrDefault(name, List.of());
    }

    @Override
    public String reverse(String asker, String ipv4) {
      return asker.equals(ASKER) && ipv4.equals("10.213.1.2") ? "redis" : null;
    }
  };

  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : cleanup.reversed()) c.close();
  }

  private FakeUpstream upstream() throws Exception {
    FakeUpstream up = new FakeUpstream(q -> {
      String name = q.questions().getFirst().name();
      return switch (name) {
        case "www.example.org" -> q.reply(DnsMessage.NOERROR, List.of(
            new ResourceRecord(name, DnsMessage.TYPE_A, DnsMessage.CLASS_IN, 42, new RData.Ipv4("192.0.2.80"))));
        case "big.example.org" -> q.reply(DnsMessage.NOERROR, MANY.stream()
            .map(a -> new ResourceRecord(name, DnsMessage.TYPE_A, DnsMessage.CLASS_IN, 42, new RData.Ipv4(a))).toList());
        case "broken.example.org" -> q.reply(DnsMessage.SERVFAIL, List.of());
        default -> q.reply(DnsMessage.NXDOMAIN, List.of());
      };
    });
    cleanup.add(up);
    return up;
  }

  private InetSocketAddress serve(List<InetSocketAddress> upstream, Duration timeout) {
    EmbeddedDns dns = new EmbeddedDns(names, upstream, timeout);
    cleanup.add(dns);
    return dns.serveAt(ASKER, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).address();
  }

  private InetSocketAddress serve(FakeUpstream up) {
    return serve(List.of(up.address()), Duration.ofSeconds(2));
  }

  @Test
  void serve_aQueryForContainerName_answersItsAddressLikeDocker() throws Exception {
    FakeUpstream up = upstream();
    InetSocketAddress dns = serve(up);

    DnsMessage reply = DnsClient.udp(dns, DnsClient.query(0xBEEF, "redis", DnsMessage.TYPE_A));

    assertThat(reply.id()).isEqualTo(0xBEEF);
    assertThat(reply.isResponse()).isTrue();
    assertThat(reply.flags() & (DnsMessage.RD | DnsMessage.RA)).isEqualTo(DnsMessage.RD | DnsMessage.RA);
    assertThat(reply.rcode()).isEqualTo(DnsMessage.NOERROR);
    assertThat(reply.questions().getFirst().name()).isEqualTo("redis");
    assertThat(reply.answers()).containsExactly(
        new ResourceRecord("redis", DnsMessage.TYPE_A, DnsMessage.CLASS_IN, 600, new RData.Ipv4("10.213.1.2")));
    assertThat(up.asked).isEmpty();
  }

  @Test
  void serve_mixedCaseNameWithTrailingDot_matchesAndEchoesSpelling() throws Exception {
    InetSocketAddress dns = serve(upstream());

    DnsMessage reply = DnsClient.udp(dns, DnsClient.query(1, "DB.Alias.", DnsMessage.TYPE_A));

    assertThat(namesAsked).contains("db.alias");
    assertThat(reply.answers()).extracting(ResourceRecord::name).containsOnly("DB.Alias");
    assertThat(reply.answers()).extracting(ResourceRecord::data)
        .containsExactly(new RData.Ipv4("10.213.1.3"), new RData.Ipv4("10.213.1.4"));
  }

  @Test
  void serve_ptrForKnownAddress_answersContainerName() throws Exception {
    FakeUpstream up = upstream();
    InetSocketAddress dns = serve(up);

    DnsMessage reply = DnsClient.udp(dns, DnsClient.query(2, "2.1.213.10.in-addr.arpa", DnsMessage.TYPE_PTR));

    assertThat(reply.rcode()).isEqualTo(DnsMessage.NOERROR);
    assertThat(reply.answers()).containsExactly(new ResourceRecord("2.1.213.10.in-addr.arpa", DnsMessage.TYPE_PTR,
        DnsMessage.CLASS_IN, 600, new RData.DomainName("redis")));
    assertThat(up.asked).isEmpty();
  }

  @Test
  void serve_ptrForUnknownAddress_isForwarded() throws Exception {
    FakeUpstream up = upstream();
    InetSocketAddress dns = serve(up);

    DnsMessage reply = DnsClient.udp(dns, DnsClient.query(3, "9.1.213.10.in-addr.arpa", DnsMessage.TYPE_PTR));

    assertThat(reply.rcode()).isEqualTo(DnsMessage.NXDOMAIN);
    assertThat(up.asked).containsExactly("udp 9.1.213.10.in-addr.arpa");
  }

  @Test
  void serve_aaaaForContainerName_answersEmptyNoError() throws Exception {
    FakeUpstream up = upstream();
    InetSocketAddress dns = serve(up);

    DnsMessage reply = DnsClient.udp(dns, DnsClient.query(4, "redis", DnsMessage.TYPE_AAAA));

    assertThat(reply.rcode()).isEqualTo(DnsMessage.NOERROR);
    assertThat(reply.answers()).isEmpty();
    assertThat(up.asked).isEmpty();
  }

  @Test
  void serve_unknownSingleLabel_answersNxdomainWithoutAskingUpstream() throws Exception {
    FakeUpstream up = upstream();
    InetSocketAddress dns = serve(up);

    DnsMessage reply = DnsClient.udp(dns, DnsClient.query(5, "nosuchcontainer", DnsMessage.TYPE_A));

    assertThat(reply.rcode()).isEqualTo(DnsMessage.NXDOMAIN);
    assertThat(up.asked).isEmpty();
  }

  @Test
  void serve_otherContainerAsks_seesNoneOfTheNames() throws Exception {
    EmbeddedDns dns = new EmbeddedDns(names, List.of(upstream().address()), Duration.ofSeconds(2));
    cleanup.add(dns);
    InetSocketAddress other = dns.serveAt("c2bbbbbbbbbb", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).address();

    DnsMessage reply = DnsClient.udp(other, DnsClient.query(6, "redis", DnsMessage.TYPE_A));

    assertThat(reply.rcode()).isEqualTo(DnsMessage.NXDOMAIN);
  }

  @Test
  void serve_dottedExternalName_relaysUpstreamAnswer() throws Exception {
    FakeUpstream up = upstream();
    InetSocketAddress dns = serve(up);

    DnsMessage reply = DnsClient.udp(dns, DnsClient.query(7, "www.example.org", DnsMessage.TYPE_A));

    assertThat(reply.id()).isEqualTo(7);
    assertThat(reply.answers()).containsExactly(
        new ResourceRecord("www.example.org", DnsMessage.TYPE_A, DnsMessage.CLASS_IN, 42, new RData.Ipv4("192.0.2.80")));
    assertThat(up.asked).containsExactly("udp www.example.org");
  }

  @Test
  void serve_upstreamNxdomain_passesThrough() throws Exception {
    FakeUpstream up = upstream();
    InetSocketAddress dns = serve(up);

    DnsMessage reply = DnsClient.udp(dns, DnsClient.query(8, "nothing.example.org", DnsMessage.TYPE_A));

    assertThat(reply.rcode()).isEqualTo(DnsMessage.NXDOMAIN);
    assertThat(reply.questions().getFirst().name()).isEqualTo("nothing.example.org");
    assertThat(up.asked).containsExactly("udp nothing.example.org");
  }

  @Test
  void serve_upstreamSilent_answersServfailAfterTimeout() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      InetSocketAddress dns = serve(List.of((InetSocketAddress) silent.getLocalSocketAddress()), Duration.ofMillis(300));
      long start = System.nanoTime();

      DnsMessage reply = DnsClient.udp(dns, DnsClient.query(9, "www.example.org", DnsMessage.TYPE_A));

      assertThat(reply.rcode()).isEqualTo(DnsMessage.SERVFAIL);
      assertThat(reply.id()).isEqualTo(9);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }
  }

  @Test
  void serve_firstUpstreamSilent_asksTheNext() throws Exception {
    FakeUpstream up = upstream();
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      InetSocketAddress dns = serve(List.of((InetSocketAddress) silent.getLocalSocketAddress(), up.address()), Duration.ofMillis(300));

      DnsMessage reply = DnsClient.udp(dns, DnsClient.query(10, "www.example.org", DnsMessage.TYPE_A));

      assertThat(reply.answers()).extracting(ResourceRecord::data).containsExactly(new RData.Ipv4("192.0.2.80"));
    }
  }

  @Test
  void serve_upstreamServfail_triesNextThenServfail() throws Exception {
    FakeUpstream first = upstream();
    FakeUpstream second = upstream();
    InetSocketAddress dns = serve(List.of(first.address(), second.address()), Duration.ofSeconds(2));

    DnsMessage reply = DnsClient.udp(dns, DnsClient.query(11, "broken.example.org", DnsMessage.TYPE_A));

    assertThat(reply.rcode()).isEqualTo(DnsMessage.SERVFAIL);
    assertThat(first.asked).containsExactly("udp broken.example.org");
    assertThat(second.asked).containsExactly("udp broken.example.org");
  }

  @Test
  void serve_noUpstream_answersServfailForExternalNames() throws Exception {
    InetSocketAddress dns = serve(List.of(), Duration.ofSeconds(1));

    assertThat(DnsClient.udp(dns, DnsClient.query(12, "www.example.org", DnsMessage.TYPE_A)).rcode()).isEqualTo(DnsMessage.SERVFAIL);
  }

  @Test
  void serve_namesThrows_answersServfail() throws Exception {
    InetSocketAddress dns = serve(upstream());

    assertThat(DnsClient.udp(dns, DnsClient.query(13, "boom", DnsMessage.TYPE_A)).rcode()).isEqualTo(DnsMessage.SERVFAIL);
  }

  @Test
  void serve_otherOpcode_answersNotImplemented() throws Exception {
    InetSocketAddress dns = serve(upstream());
    byte[] status = DnsClient.query(28, "redis", DnsMessage.TYPE_A);
    status[2] |= (byte) (2 << 3);

    DnsMessage reply = DnsClient.udp(dns, status);

    assertThat(reply.id()).isEqualTo(28);
    assertThat(reply.rcode()).isEqualTo(DnsMessage.NOTIMP);
    assertThat(reply.opcode()).isEqualTo(2);
  }

  @Test
  void serve_tooManyForwardsInFlight_answersServfailAtOnce() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DatagramSocket client = new DatagramSocket()) {
      InetSocketAddress dns = serve(List.of((InetSocketAddress) silent.getLocalSocketAddress()), Duration.ofSeconds(20));
      for (int i = 0; i < Forwarder.MAX_IN_FLIGHT; i++) {
        byte[] q = DnsClient.query(i, "q" + i + ".example.org", DnsMessage.TYPE_A);
        client.send(new java.net.DatagramPacket(q, q.length, dns));
      }
      silent.setSoTimeout(5000);
      for (int forwarded = 0; forwarded < Forwarder.MAX_IN_FLIGHT; forwarded++) {
        silent.receive(new java.net.DatagramPacket(new byte[600], 600));
      }
      long start = System.nanoTime();

      DnsMessage reply = DnsClient.udp(dns, DnsClient.query(999, "one.more.example.org", DnsMessage.TYPE_A), Duration.ofSeconds(3));

      assertThat(reply.rcode()).isEqualTo(DnsMessage.SERVFAIL);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void serve_queryOverTcp_answersTheSame() throws Exception {
    InetSocketAddress dns = serve(upstream());

    DnsMessage reply = DnsClient.tcp(dns, DnsClient.query(14, "redis", DnsMessage.TYPE_A));

    assertThat(reply.id()).isEqualTo(14);
    assertThat(reply.answers()).extracting(ResourceRecord::data).containsExactly(new RData.Ipv4("10.213.1.2"));
  }

  @Test
  void serve_severalQueriesOnOneTcpConnection_answersEach() throws Exception {
    InetSocketAddress dns = serve(upstream());
    try (Socket s = new Socket()) {
      s.connect(dns, 5000);
      s.setSoTimeout(5000);
      DataInputStream in = new DataInputStream(s.getInputStream());

      DnsClient.send(s.getOutputStream(), DnsClient.query(15, "redis", DnsMessage.TYPE_A));
      DnsMessage first = DnsClient.receive(in);
      DnsClient.send(s.getOutputStream(), DnsClient.query(16, "2.1.213.10.in-addr.arpa", DnsMessage.TYPE_PTR));
      DnsMessage second = DnsClient.receive(in);

      assertThat(first.id()).isEqualTo(15);
      assertThat(second.id()).isEqualTo(16);
      assertThat(second.answers()).extracting(ResourceRecord::data).containsExactly(new RData.DomainName("redis"));
    }
  }

  @Test
  void serve_bigLocalAnswerOverUdp_isTruncatedThenCompleteOverTcp() throws Exception {
    InetSocketAddress dns = serve(upstream());

    DnsMessage overUdp = DnsClient.udp(dns, DnsClient.query(17, "many", DnsMessage.TYPE_A));
    DnsMessage overTcp = DnsClient.tcp(dns, DnsClient.query(18, "many", DnsMessage.TYPE_A));

    assertThat(overUdp.truncated()).isTrue();
    assertThat(overUdp.answers()).isEmpty();
    assertThat(overUdp.questions().getFirst().name()).isEqualTo("many");
    assertThat(overTcp.truncated()).isFalse();
    assertThat(overTcp.answers()).extracting(r -> ((RData.Ipv4) r.data()).address()).containsExactlyElementsOf(MANY);
  }

  @Test
  void serve_bigUpstreamAnswer_truncatedOverUdpForwardedOverTcp() throws Exception {
    FakeUpstream up = upstream();
    InetSocketAddress dns = serve(up);

    DnsMessage overUdp = DnsClient.udp(dns, DnsClient.query(19, "big.example.org", DnsMessage.TYPE_A));
    DnsMessage overTcp = DnsClient.tcp(dns, DnsClient.query(20, "big.example.org", DnsMessage.TYPE_A));

    assertThat(overUdp.truncated()).isTrue();
    assertThat(overTcp.id()).isEqualTo(20);
    assertThat(overTcp.answers()).hasSize(MANY.size());
    assertThat(up.asked).containsExactly("udp big.example.org", "tcp big.example.org");
  }

  @Test
  void serve_malformedPackets_droppedAndServerKeepsAnswering() throws Exception {
    InetSocketAddress dns = serve(upstream());
    byte[] response = DnsCodec.encode(DnsCodec.decode(DnsClient.query(21, "redis", 1), 23).reply(0, List.of()));

    assertThat(DnsClient.udp(dns, new byte[] {1, 2, 3}, Duration.ofMillis(300))).isNull();
    assertThat(DnsClient.udp(dns, java.util.HexFormat.of().parseHex("000101000001000000000000c00c00010001"), Duration.ofMillis(300))).isNull();
    assertThat(DnsClient.udp(dns, response, Duration.ofMillis(300))).as("a response is never answered").isNull();
    assertThat(DnsClient.tcp(dns, new byte[] {(byte) 0xFF, 0, 0})).isNull();
    assertThat(DnsClient.udp(dns, DnsClient.query(22, "redis", DnsMessage.TYPE_A)).answers()).hasSize(1);
  }

  @Test
  void close_handle_closesBothSockets() throws Exception {
    EmbeddedDns dns = new EmbeddedDns(names, List.of(), Duration.ofSeconds(1));
    cleanup.add(dns);
    var handle = dns.serveAt(ASKER, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    InetSocketAddress at = handle.address();
    assertThat(DnsClient.tcp(at, DnsClient.query(23, "redis", DnsMessage.TYPE_A)).answers()).hasSize(1);

    handle.close();

    assertThat(DnsClient.udp(at, DnsClient.query(24, "redis", DnsMessage.TYPE_A), Duration.ofMillis(300))).isNull();
    assertThatThrownBy(() -> DnsClient.tcp(at, DnsClient.query(25, "redis", DnsMessage.TYPE_A))).isInstanceOf(ConnectException.class);
  }

  @Test
  void close_server_stopsEveryContainerAndRefusesNewOnes() throws Exception {
    EmbeddedDns dns = new EmbeddedDns(names, List.of(), Duration.ofSeconds(1));
    InetSocketAddress a = dns.serveAt(ASKER, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).address();
    InetSocketAddress b = dns.serveAt("c2bbbbbbbbbb", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).address();

    dns.close();

    assertThatThrownBy(() -> DnsClient.tcp(a, DnsClient.query(26, "redis", 1))).isInstanceOf(ConnectException.class);
    assertThatThrownBy(() -> DnsClient.tcp(b, DnsClient.query(27, "redis", 1))).isInstanceOf(ConnectException.class);
    assertThatThrownBy(() -> dns.serveAt(ASKER, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("closed");
  }

  @Test
  void serveAt_portTaken_failsNamingAddressAndLeavesNothing() throws Exception {
    EmbeddedDns dns = new EmbeddedDns(names, List.of(), Duration.ofSeconds(1));
    cleanup.add(dns);
    InetSocketAddress taken = dns.serveAt(ASKER, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).address();

    assertThatThrownBy(() -> dns.serveAt("c2bbbbbbbbbb", taken))
        .isInstanceOf(dev.berth.errors.SystemException.class)
        .hasMessageContaining("start embedded DNS for container c2bbbbbbbbbb")
        .hasMessageContaining("127.0.0.1:" + taken.getPort());
  }

  @Test
  void hostResolvers_resolvConf_givesNameserversInOrder(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("resolv.conf");
    Files.writeString(conf, "# generated\nsearch example.org\nnameserver 10.255.255.53\n  nameserver\t192.0.2.1 \n"
        + "nameserver fe80::1%eth0\nnameserver not-an-address\noptions ndots:2\n");

    assertThat(EmbeddedDns.hostResolvers(conf)).containsExactly(new InetSocketAddress("10.255.255.53", 53),
        new InetSocketAddress("192.0.2.1", 53), new InetSocketAddress("fe80::1", 53));
    assertThat(EmbeddedDns.hostResolvers(dir.resolve("missing"))).isEmpty();
  }

  @Test
  void serve_roundTrip_measuredOverManyQueries() throws Exception {
    InetSocketAddress dns = serve(upstream());
    long[] micros = new long[300];
    for (int i = 0; i < micros.length; i++) {
      long start = System.nanoTime();
      DnsMessage reply = DnsClient.udp(dns, DnsClient.query(i, "redis", DnsMessage.TYPE_A));
      micros[i] = (System.nanoTime() - start) / 1000;
      assertThat(reply.id()).isEqualTo(i);
    }
    java.util.Arrays.sort(micros);
    System.out.printf("embedded DNS UDP round trip on loopback: median %d us, p90 %d us (%d queries)%n",
        micros[micros.length / 2], micros[micros.length * 9 / 10], micros.length);
  }
}
