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
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed notebook's ambassador walkthrough, with today's double-dash flags, on two "hosts": each its own
 * berthd in its own network namespace, the two joined by a veth pair this test makes (host A at .1, host B at .2
 * of a /30). The "redis" image is Debian bookworm with Debian's redis-server and redis-tools; the ambassador
 * image is made by {@code berth image bootstrap ambassador} on each host. Then what Berth adds: live retarget,
 * fallback with a health mark, counters.
 */
class AmbassadorIT extends AmbassadorTestBase {
  private static Path work;
  private static NetnsBerthd a;
  private static NetnsBerthd b;
  private static String aIp;
  private static String bIp;

  @BeforeAll
  static void hosts() throws Exception {
    work = Files.createTempDirectory("berth-amb-");
    Path redis = SeedImages.redisTar(work);
    String tag = tag();
    int x = ThreadLocalRandom.current().nextInt(256);
    aIp = "10.213." + x + ".1";
    bIp = "10.213." + x + ".2";
    a = NetnsBerthd.create("bamb" + tag + "a", work.resolve("a"));
    b = NetnsBerthd.create("bamb" + tag + "b", work.resolve("b"));
    Sh.run("ip", "link", "add", "va" + tag, "netns", a.netns, "type", "veth", "peer", "name", "vb" + tag, "netns", b.netns);
    a.ip("addr", "add", aIp + "/30", "dev", "va" + tag);
    a.ip("link", "set", "va" + tag, "up");
    b.ip("addr", "add", bIp + "/30", "dev", "vb" + tag);
    b.ip("link", "set", "vb" + tag, "up");
    a.start(tag + "a", "10.231.0.0/24", "10.233.0.0/16");
    b.start(tag + "b", "10.232.0.0/24", "10.234.0.0/16");
    for (NetnsBerthd h : new NetnsBerthd[] {a, b}) loadSeedImages(h, redis);
  }

  @AfterEach
  void removeContainers() {
    removeAllContainers(a, b);
  }

  @AfterAll
  static void teardown() {
    closeAll(work, a, b);
  }

  @Test
  void image_isSmallAndLabelled() throws IOException {
    JsonNode img = tree(ok(a, "image", "inspect", "berth/ambassador").out()).get(0);
    assertThat(img.path("Config").path("Labels").path("dev.berth.ambassador").asText()).isEqualTo("1");
    assertThat(img.path("Size").asLong()).as("image size").isLessThan(5L * 1024 * 1024);
    assertThat(ok(a, "image", "bootstrap", "ambassador").out()).contains("up to date");
  }

  @Test
  void oneHost_consumerLinkedToAmbassadorPingsRedis() throws Exception {
    ok(a, "run", "-d", "--name", "redis", "redis");
    awaitRedis(a, "redis");
    ok(a, "run", "-d", "--link", "redis:redis", "--name", "redis_ambassador", "-p", "6379:6379", "berth/ambassador");
    CliRun ping = ok(a, "run", "--rm", "--link", "redis_ambassador:redis", "redis", "redis-cli", "-h", "redis", "ping");
    assertThat(ping.out().strip()).isEqualTo("PONG");

    // the published port reaches redis too, from host A's loopback (userland proxy, then the ambassador)
    try (SocketChannel s = connectInside(a, 6379)) {
      assertThat(command(s, "PING")).isEqualTo("+PONG");
    }
    String redisIp = ip(a, "redis");
    assertThat(ok(a, "logs", "redis_ambassador").out()).contains("forwarding port 6379 -> tcp://" + redisIp + ":6379");
    JsonNode listener = listener(a, "redis_ambassador", 6379);
    assertThat(listener.path("Backends").get(0).path("Address").asText()).isEqualTo("tcp://" + redisIp + ":6379");
    assertThat(listener.path("Connections").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(listener.path("BytesIn").asLong()).isPositive();
    assertThat(listener.path("BytesOut").asLong()).isPositive();
    assertThat(ok(a, "ambassador", "ls").out()).contains("redis_ambassador").contains("6379/tcp").contains("tcp://" + redisIp + ":6379");
  }

  @Test
  void twoHosts_consumerReachesRedisOnTheOtherHost() throws Exception {
    startRedis(b, "B");
    ok(a, "run", "-d", "--name", "redis_ambassador", "--expose", "6379", "-e", "REDIS_PORT_6379_TCP=tcp://" + bIp + ":6379", "berth/ambassador");
    CliRun ping = ok(a, "run", "--rm", "--link", "redis_ambassador:redis", "redis", "redis-cli", "-h", "redis", "ping");
    assertThat(ping.out().strip()).isEqualTo("PONG");
    CliRun get = ok(a, "run", "--rm", "--link", "redis_ambassador:redis", "redis", "redis-cli", "-h", "redis", "get", "where");
    assertThat(get.out().strip()).isEqualTo("B");
  }

  @Test
  void rewiring_redisMovesAndOnlyTheAmbassadorIsRecreated_consumerKeepsWorking() throws Exception {
    startRedis(a, "A");
    ok(a, "run", "-d", "--link", "redis:redis", "--name", "redis_ambassador", "berth/ambassador");
    ok(a, "run", "-d", "--name", "consumer", "--link", "redis_ambassador:redis", "redis", "sleep", "3600");
    assertThat(ok(a, "exec", "consumer", "redis-cli", "-h", "redis", "get", "where").out().strip()).isEqualTo("A");
    JsonNode before = inspect(a, "consumer");
    String oldAmbassadorIp = ip(a, "redis_ambassador");

    startRedis(b, "B");
    ok(a, "rm", "-f", "redis");
    ok(a, "rm", "-f", "redis_ambassador");
    ok(a, "run", "-d", "--name", "redis_ambassador", "--expose", "6379", "-e", "REDIS_PORT_6379_TCP=tcp://" + bIp + ":6379", "berth/ambassador");
    assertThat(ip(a, "redis_ambassador")).as("the new ambassador's address (the consumer's /etc/hosts must follow)").isNotEqualTo(oldAmbassadorIp);

    assertThat(ok(a, "exec", "consumer", "redis-cli", "-h", "redis", "get", "where").out().strip()).isEqualTo("B");
    JsonNode after = inspect(a, "consumer");
    assertThat(after.path("Id").asText()).isEqualTo(before.path("Id").asText());
    assertThat(after.path("State").path("StartedAt").asText()).isEqualTo(before.path("State").path("StartedAt").asText());
    assertThat(after.path("State").path("Running").asBoolean()).isTrue();
    assertThat(after.path("RestartCount").asInt()).isZero();
  }

  @Test
  void retarget_newConnectionsGoToTheNewTarget_openOnesDrainToTheOld() throws Exception {
    startRedis(a, "A");
    startRedis(b, "B");
    ok(a, "run", "-d", "--link", "redis:redis", "--name", "redis_ambassador", "-p", "16379:6379", "berth/ambassador");
    try (SocketChannel old = connectInside(a, 16379)) {
      assertThat(command(old, "GET where")).isEqualTo("A");
      CliRun r = ok(a, "ambassador", "retarget", "redis_ambassador", "6379=tcp://" + bIp + ":6379");
      assertThat(r.out()).contains("redis_ambassador 6379/tcp -> tcp://" + bIp + ":6379");
      try (SocketChannel fresh = connectInside(a, 16379)) {
        assertThat(command(fresh, "GET where")).isEqualTo("B");
      }
      assertThat(command(old, "GET where")).as("the connection opened before the retarget").isEqualTo("A");
      JsonNode listener = listener(a, "redis_ambassador", 6379);
      assertThat(listener.path("Backends").get(0).path("Address").asText()).isEqualTo("tcp://" + bIp + ":6379");
      assertThat(listener.path("Open").asLong()).isGreaterThanOrEqualTo(1);
    }
    // the ambassador was never restarted
    assertThat(inspect(a, "redis_ambassador").path("RestartCount").asInt()).isZero();
  }

  @Test
  void retarget_badRequests_sayWhatIsWrong() throws Exception {
    ok(a, "run", "-d", "--name", "amb", "--expose", "6379", "-e", "REDIS_PORT_6379_TCP=tcp://" + bIp + ":6379", "berth/ambassador");
    CliRun noPort = a.berth("ambassador", "retarget", "amb", "6380=tcp://" + bIp + ":6379");
    assertThat(noPort.status()).isNotZero();
    assertThat(noPort.err()).contains("amb has no listener on 6380/tcp").contains("6379/tcp");
    CliRun noSuch = a.berth("ambassador", "retarget", "nosuch", "6379=tcp://" + bIp + ":6379");
    assertThat(noSuch.status()).isNotZero();
    assertThat(noSuch.err()).contains("No such ambassador: nosuch");
    CliRun badUrl = a.berth("ambassador", "retarget", "amb", "6379=http://" + bIp + ":6379");
    assertThat(badUrl.status()).isNotZero();
    assertThat(badUrl.err()).contains("is not tcp://host:port");
    CliRun badArg = a.berth("ambassador", "retarget", "amb", "redis");
    assertThat(badArg.status()).isNotZero();
    assertThat(badArg.err()).contains("want PORT=tcp://host:port");
    assertThat(listener(a, "amb", 6379).path("Backends").get(0).path("Address").asText()).isEqualTo("tcp://" + bIp + ":6379");
  }

  @Test
  void berthdRestart_listenersComeBackWithTheRetargetedBackend() throws Exception {
    startRedis(a, "A");
    startRedis(b, "B");
    ok(a, "run", "-d", "--link", "redis:redis", "--name", "redis_ambassador", "-p", "16379:6379", "berth/ambassador");
    ok(a, "ambassador", "retarget", "redis_ambassador", "6379=tcp://" + bIp + ":6379");
    String startedAt = inspect(a, "redis_ambassador").path("State").path("StartedAt").asText();
    a.restart();
    try (SocketChannel s = connectInside(a, 16379)) {
      assertThat(command(s, "GET where")).isEqualTo("B");
    }
    assertThat(inspect(a, "redis_ambassador").path("State").path("StartedAt").asText()).isEqualTo(startedAt);
    assertThat(listener(a, "redis_ambassador", 6379).path("Backends").get(0).path("Address").asText()).isEqualTo("tcp://" + bIp + ":6379");
    ok(a, "rm", "-f", "redis_ambassador");
    assertThat(a.berth("ambassador", "ls").out()).doesNotContain("redis_ambassador");
    assertThat(Files.list(a.root().resolve("run/network/ambassadors")).toList()).as("state files left").isEmpty();
  }

  @Test
  void udp_listenerForwardsDatagramsAndReplies() throws Exception {
    try (UdpEcho echo = udpEcho(a, aIp)) {
      int port = echo.port();
      ok(a, "run", "-d", "--name", "udp_ambassador", "-e", "ECHO_PORT_5353_UDP=udp://" + aIp + ":" + port, "berth/ambassador");
      String ambassadorIp = ip(a, "udp_ambassador");
      try (DatagramChannel client = new NetNs(a.netnsPath()).inside(DatagramChannel::open)) {
        client.connect(new InetSocketAddress(ambassadorIp, 5353));
        client.socket().setSoTimeout(5000);
        String reply = null;
        for (int i = 0; i < 20 && reply == null; i++) { // the listener is bound as the container starts
          client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
          try {
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[512], 512);
            client.socket().setSoTimeout(500);
            client.socket().receive(p);
            reply = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
          } catch (java.net.SocketTimeoutException | java.net.PortUnreachableException e) {
            Thread.sleep(100);
          }
        }
        assertThat(reply).isEqualTo("echo:ping");
      }
      JsonNode l = listener(a, "udp_ambassador", 5353);
      assertThat(l.path("Protocol").asText()).isEqualTo("udp");
      assertThat(l.path("BytesIn").asLong()).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void fallback_aDeadFirstBackendIsSkippedAndMarkedDown() throws Exception {
    startRedis(b, "B");
    ok(a, "run", "-d", "--name", "redis_ambassador", "--expose", "6379",
        "-e", "REDIS_PORT_6379_TCP=tcp://" + bIp + ":6390,tcp://" + bIp + ":6379", "berth/ambassador");
    CliRun get = ok(a, "run", "--rm", "--link", "redis_ambassador:redis", "redis", "redis-cli", "-h", "redis", "get", "where");
    assertThat(get.out().strip()).isEqualTo("B");
    JsonNode backends = listener(a, "redis_ambassador", 6379).path("Backends");
    assertThat(backends.get(0).path("Address").asText()).isEqualTo("tcp://" + bIp + ":6390");
    assertThat(backends.get(0).path("Down").asBoolean()).isTrue();
    assertThat(backends.get(1).path("Down").asBoolean()).isFalse();
    assertThat(ok(a, "ambassador", "ls").out()).contains("tcp://" + bIp + ":6390 (down),tcp://" + bIp + ":6379");
  }

  @Test
  void badVariable_failsTheStartWithTheVariableNamed() {
    CliRun r = a.berth("run", "-d", "--name", "bad_ambassador", "-e", "REDIS_PORT_6379_TCP=redis:6379", "berth/ambassador");
    assertThat(r.status()).isNotZero();
    assertThat(r.err()).contains("REDIS_PORT_6379_TCP=redis:6379").contains("is not tcp://host:port");
    assertThat(a.berth("ambassador", "ls").out()).doesNotContain("bad_ambassador");
  }

  // ---- helpers (the shared ones are in AmbassadorTestBase) ----

  /** Runs redis on {@code h}, published on 6379 of that host, and stores {@code where=name}. */
  private static void startRedis(NetnsBerthd h, String name) throws Exception {
    ok(h, "run", "-d", "--name", "redis", "-p", "6379:6379", "redis");
    awaitRedis(h, "redis");
    ok(h, "exec", "redis", "redis-cli", "set", "where", name);
  }

  /** A TCP connection made inside host {@code h}'s network namespace to its loopback. */
  private static SocketChannel connectInside(NetnsBerthd h, int port) throws IOException {
    return connect(h, "127.0.0.1", port);
  }
}
