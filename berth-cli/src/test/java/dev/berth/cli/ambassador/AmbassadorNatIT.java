package dev.berth.cli.ambassador;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.network.netns.NetNs;
import dev.berth.testing.CliRun;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ambassador's NAT mode ({@code -e AMBASSADOR_MODE=nat}) on one "host": a berthd in a network namespace of
 * its own, with the seed walkthrough's redis image. The forwarding is DNAT in the ambassador container's own
 * namespace: the walkthrough, a retarget with a connection held open across it, fallback after a backend dies,
 * the counters, a berthd restart, and nothing left on the host.
 */
class AmbassadorNatIT extends AmbassadorTestBase {
  private static Path work;
  private static NetnsBerthd a;

  @BeforeAll
  static void host() throws Exception {
    work = Files.createTempDirectory("berth-ambnat-");
    Path redis = SeedImages.redisTar(work);
    String tag = tag();
    a = NetnsBerthd.create("bnat" + tag, work.resolve("a"));
    a.start(tag + "n", "10.235.0.0/24", "10.236.0.0/16");
    loadSeedImages(a, redis);
  }

  @AfterEach
  void removeContainers() {
    removeAllContainers(a);
  }

  @AfterAll
  static void teardown() {
    closeAll(work, a);
  }

  @Test
  void oneHost_natMode_consumerPingsRedis_rulesOnlyInTheAmbassadorsNamespace() throws Exception {
    startRedis("redis", "A");
    ok("run", "-d", "--link", "redis:redis", "--name", "redis_ambassador", "-e", "AMBASSADOR_MODE=nat", "-p", "6379:6379", "berth/ambassador");
    CliRun ping = ok("run", "--rm", "--link", "redis_ambassador:redis", "redis", "redis-cli", "-h", "redis", "ping");
    assertThat(ping.out().strip()).isEqualTo("PONG");
    try (SocketChannel s = connect("127.0.0.1", 6379)) { // the published port: loopback proxy, then the DNAT
      assertThat(command(s, "PING")).isEqualTo("+PONG");
    }

    String redisIp = ip("redis");
    Path sandbox = Path.of(inspect("redis_ambassador").path("NetworkSettings").path("SandboxKey").asText());
    assertThat(nsenter(sandbox, "iptables-save", "-t", "nat")).contains("-j DNAT --to-destination " + redisIp + ":6379");
    assertThat(nsenter(sandbox, "cat", "/proc/sys/net/ipv4/ip_forward").strip()).isEqualTo("1");
    assertThat(Sh.run("ip", "netns", "exec", a.netns, "iptables-save")).as("the host's tables").doesNotContain("BERTH-AMB");
    JsonNode l = listener("redis_ambassador", 6379);
    assertThat(l.path("Backends").get(0).path("Address").asText()).isEqualTo("tcp://" + redisIp + ":6379");
    assertThat(l.path("Connections").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(l.path("BytesIn").asLong()).isPositive();
    assertThat(l.path("BytesOut").asLong()).isPositive();

    ok("rm", "-f", "redis_ambassador");
    assertThat(sandbox).as("the ambassador's namespace, with its rules").doesNotExist();
    assertThat(Sh.run("ip", "netns", "exec", a.netns, "iptables-save")).doesNotContain("BERTH-AMB");
    assertThat(Files.list(a.root().resolve("run/network/ambassadors")).toList()).as("state files left").isEmpty();
  }

  @Test
  void retarget_connectionHeldAcrossIt_staysOnTheOldBackend_newOnesReachTheNew() throws Exception {
    startRedis("redis_a", "A");
    startRedis("redis_b", "B");
    ok("run", "-d", "--name", "redis_ambassador", "-e", "AMBASSADOR_MODE=nat", "--expose", "6379",
        "-e", "REDIS_PORT_6379_TCP=tcp://" + ip("redis_a") + ":6379", "berth/ambassador");
    String amb = ip("redis_ambassador");
    try (SocketChannel old = connect(amb, 6379)) {
      assertThat(command(old, "GET where")).isEqualTo("A");
      assertThat(listener("redis_ambassador", 6379).path("Open").asLong()).as("open, from conntrack").isEqualTo(1);
      long before = listener("redis_ambassador", 6379).path("BytesIn").asLong();
      ok("ambassador", "retarget", "redis_ambassador", "6379=tcp://" + ip("redis_b") + ":6379");
      try (SocketChannel fresh = connect(amb, 6379)) {
        assertThat(command(fresh, "GET where")).isEqualTo("B");
      }
      assertThat(command(old, "GET where")).as("the connection opened before the retarget").isEqualTo("A");
      JsonNode l = listener("redis_ambassador", 6379);
      assertThat(l.path("Backends").get(0).path("Address").asText()).isEqualTo("tcp://" + ip("redis_b") + ":6379");
      assertThat(l.path("Connections").asLong()).isEqualTo(2);
      assertThat(l.path("BytesIn").asLong()).as("counters move, and survive the retarget").isGreaterThan(before);
    }
    assertThat(inspect("redis_ambassador").path("RestartCount").asInt()).isZero();
  }

  @Test
  void fallback_firstBackendDies_healthCheckMovesNewConnectionsToTheSecond() throws Exception {
    startRedis("redis_a", "A");
    startRedis("redis_b", "B");
    String first = "tcp://" + ip("redis_a") + ":6379";
    ok("run", "-d", "--name", "redis_ambassador", "-e", "AMBASSADOR_MODE=nat", "--expose", "6379",
        "-e", "REDIS_PORT_6379_TCP=" + first + ",tcp://" + ip("redis_b") + ":6379", "berth/ambassador");
    String amb = ip("redis_ambassador");
    try (SocketChannel s = connect(amb, 6379)) {
      assertThat(command(s, "GET where")).isEqualTo("A");
    }
    ok("rm", "-f", "redis_a");
    await(() -> down(0), "the health check marks " + first + " down");
    try (SocketChannel s = connect(amb, 6379)) {
      assertThat(command(s, "GET where")).isEqualTo("B");
    }
    assertThat(ok("ambassador", "ls").out()).contains(first + " (down)");
  }

  @Test
  void berthdRestart_natAmbassadorKeepsItsRulesAndCounters_andCanBeRetargeted() throws Exception {
    startRedis("redis_a", "A");
    startRedis("redis_b", "B");
    ok("run", "-d", "--name", "redis_ambassador", "-e", "AMBASSADOR_MODE=nat", "--expose", "6379",
        "-e", "REDIS_PORT_6379_TCP=tcp://" + ip("redis_a") + ":6379", "berth/ambassador");
    String amb = ip("redis_ambassador");
    ok("ambassador", "retarget", "redis_ambassador", "6379=tcp://" + ip("redis_b") + ":6379");
    try (SocketChannel s = connect(amb, 6379)) {
      assertThat(command(s, "GET where")).isEqualTo("B");
    }
    long connections = listener("redis_ambassador", 6379).path("Connections").asLong();
    a.restart();
    try (SocketChannel s = connect(amb, 6379)) {
      assertThat(command(s, "GET where")).isEqualTo("B");
    }
    JsonNode l = listener("redis_ambassador", 6379);
    assertThat(l.path("Backends").get(0).path("Address").asText()).isEqualTo("tcp://" + ip("redis_b") + ":6379");
    assertThat(l.path("Connections").asLong()).as("the counting rules outlived berthd").isEqualTo(connections + 1);
    ok("ambassador", "retarget", "redis_ambassador", "6379=tcp://" + ip("redis_a") + ":6379");
    try (SocketChannel s = connect(amb, 6379)) {
      assertThat(command(s, "GET where")).isEqualTo("A");
    }
  }

  @Test
  void udp_natMode_datagramsReachTheTargetAndRepliesComeBack() throws Exception {
    try (UdpEcho echo = udpEcho(a, "0.0.0.0")) {
      int port = echo.port();
      ok("run", "-d", "--name", "udp_ambassador", "-e", "AMBASSADOR_MODE=nat", "--expose", "5353/udp", "-e",
          "ECHO_PORT_5353_UDP=udp://" + gateway() + ":" + port, "berth/ambassador");
      try (DatagramChannel client = new NetNs(a.netnsPath()).inside(DatagramChannel::open)) {
        client.connect(new InetSocketAddress(ip("udp_ambassador"), 5353));
        client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
        java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[512], 512);
        client.socket().setSoTimeout(5000);
        client.socket().receive(p);
        assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)).isEqualTo("echo:ping");
      }
      JsonNode l = listener("udp_ambassador", 5353);
      assertThat(l.path("Protocol").asText()).isEqualTo("udp");
      assertThat(l.path("Connections").asLong()).isEqualTo(1);
      assertThat(l.path("BytesIn").asLong()).as("IP bytes: 20 + 8 + 4").isEqualTo(32);
      assertThat(l.path("BytesOut").asLong()).as("IP bytes: 20 + 8 + 9").isEqualTo(37);
    }
  }

  @Test
  void badMode_orHostNetwork_failsTheStartWithTheReason() {
    CliRun bad = a.berth("run", "-d", "--name", "bad_ambassador", "-e", "AMBASSADOR_MODE=fast",
        "-e", "X_PORT_80_TCP=tcp://10.0.0.1:80", "berth/ambassador");
    assertThat(bad.status()).isNotZero();
    assertThat(bad.err()).contains("AMBASSADOR_MODE=fast: want proxy (the default) or nat");
    CliRun host = a.berth("run", "-d", "--name", "host_ambassador", "--network", "host", "-e", "AMBASSADOR_MODE=nat",
        "-e", "X_PORT_80_TCP=tcp://10.0.0.1:80", "berth/ambassador");
    assertThat(host.status()).isNotZero();
    assertThat(host.err()).contains("AMBASSADOR_MODE=nat needs a network namespace of its own");
    assertThat(a.berth("ambassador", "ls").out()).doesNotContain("bad_ambassador").doesNotContain("host_ambassador");
  }

  // ---- helpers (the shared ones are in AmbassadorTestBase) ----

  private static CliRun ok(String... args) {
    return ok(a, args);
  }

  /** Runs redis as container {@code name} and stores {@code where=value} in it. */
  private static void startRedis(String name, String value) throws Exception {
    ok("run", "-d", "--name", name, "redis");
    awaitRedis(a, name);
    ok("exec", name, "redis-cli", "set", "where", value);
  }

  private static boolean down(int backend) {
    try {
      return listener("redis_ambassador", 6379).path("Backends").get(backend).path("Down").asBoolean();
    } catch (IOException e) {
      return false;
    }
  }

  private static String nsenter(Path netns, String... argv) throws IOException, InterruptedException {
    String[] cmd = new String[argv.length + 2];
    cmd[0] = "nsenter";
    cmd[1] = "--net=" + netns;
    System.arraycopy(argv, 0, cmd, 2, argv.length);
    return Sh.run(cmd);
  }

  private static JsonNode inspect(String name) {
    return inspect(a, name);
  }

  /** The default bridge network's gateway: an address of the host's namespace that the containers reach. */
  private static String gateway() {
    return tree(ok("network", "inspect", "bridge").out()).get(0).path("IPAM").path("Config").get(0).path("Gateway").asText();
  }

  private static String ip(String name) {
    return ip(a, name);
  }

  private static JsonNode listener(String name, int port) throws IOException {
    return listener(a, name, port);
  }

  /** A TCP connection made inside the host's network namespace. */
  private static SocketChannel connect(String address, int port) throws IOException {
    return connect(a, address, port);
  }
}
