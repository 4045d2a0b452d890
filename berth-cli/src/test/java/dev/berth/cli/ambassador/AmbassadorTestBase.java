package dev.berth.cli.ambassador;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonHost;
import dev.berth.client.HttpTransport;
import dev.berth.network.netns.NetNs;
import dev.berth.testing.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * What the ambassador ITs share ({@link AmbassadorIT}, {@link AmbassadorNatIT}): setting up and tearing down their
 * "hosts" (a {@link NetnsBerthd} each, with the seed's redis image and the ambassador image), and the calls their
 * tests make against a host: the CLI expecting success, inspect, a container's address, one listener as {@code GET
 * /ambassadors} gives it, TCP connections made inside the host's namespace, redis's inline protocol, and waiting.
 */
abstract class AmbassadorTestBase {
  /** Four random hex digits, so names (namespaces, bridges, chains) of runs side by side do not collide. */
  static String tag() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return HexFormat.of().formatHex(new byte[] {(byte) r.nextInt(256), (byte) r.nextInt(256)});
  }

  /** Loads the saved redis image {@code redisTar} and bootstraps the ambassador image on host {@code h}. */
  static void loadSeedImages(NetnsBerthd h, Path redisTar) {
    ok(h, "load", "-i", redisTar.toString());
    ok(h, "image", "bootstrap", "ambassador");
  }

  /** Removes every container of each host (after each test, even a failed one); null hosts are skipped. */
  static void removeAllContainers(NetnsBerthd... hosts) {
    for (NetnsBerthd h : hosts) {
      if (h == null) continue;
      for (String id : h.berth("ps", "-aq").out().split("\\s+")) if (!id.isBlank()) h.berth("rm", "-f", id);
    }
  }

  /** Closes every host, then deletes {@code work}, even when one of them fails; null hosts are skipped. */
  static void closeAll(Path work, NetnsBerthd... hosts) {
    RuntimeException failed = null;
    for (NetnsBerthd h : hosts) {
      try {
        if (h != null) h.close();
      } catch (RuntimeException e) {
        if (failed == null) failed = e;
        else failed.addSuppressed(e);
      }
    }
    if (work != null) Sh.quietly("rm", "-rf", work.toString());
    if (failed != null) throw failed;
  }

  /** {@code berth ARGS} on host {@code h}, asserted to succeed. */
  static CliRun ok(NetnsBerthd h, String... args) {
    CliRun r = h.berth(args);
    assertThat(r.status()).as("berth %s on %s: %s%s", String.join(" ", args), h.netns, r.err(), r.out()).isZero();
    return r;
  }

  static JsonNode inspect(NetnsBerthd h, String name) {
    return tree(ok(h, "inspect", name).out()).get(0);
  }

  /** The CLI's JSON output, parsed. */
  static JsonNode tree(String json) {
    try {
      return DaemonClient.mapper().readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /** The container's address on the default bridge network. */
  static String ip(NetnsBerthd h, String name) {
    return inspect(h, name).path("NetworkSettings").path("IPAddress").asText();
  }

  /** One listener as {@code GET /ambassadors} gives it. */
  static JsonNode listener(NetnsBerthd h, String name, int port) throws IOException {
    JsonNode api = new DaemonClient(DaemonHost.parse(h.host), new HttpTransport(), null).json(ApiRequest.get("/ambassadors").build());
    for (JsonNode amb : api) {
      if (!amb.path("Name").asText().equals(name)) continue;
      for (JsonNode l : amb.path("Listeners")) if (l.path("Port").asInt() == port) return l;
    }
    throw new AssertionError("no listener " + port + " of " + name + " in " + api);
  }

  /** Waits until redis in {@code container} answers PING. */
  static void awaitRedis(NetnsBerthd h, String container) throws InterruptedException {
    await(() -> h.berth("exec", container, "redis-cli", "ping").out().contains("PONG"), "redis in " + container + " on " + h.netns);
  }

  /** Polls {@code ready} every 100 ms for up to 20 s. */
  static void await(BooleanSupplier ready, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!ready.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError(what + ": not ready within 20 s");
      Thread.sleep(100);
    }
  }

  /** A TCP connection made inside host {@code h}'s network namespace, with a 10 s read timeout. */
  static SocketChannel connect(NetnsBerthd h, String address, int port) throws IOException {
    SocketChannel s = new NetNs(h.netnsPath()).inside(SocketChannel::open);
    s.connect(new InetSocketAddress(address, port));
    s.socket().setSoTimeout(10_000);
    return s;
  }

  /**
   * A UDP echo server inside host {@code h}'s namespace, bound to {@code address} on a free port: each datagram comes
   * back prefixed with {@code echo:}. Closing it stops the server.
   */
  static UdpEcho udpEcho(NetnsBerthd h, String address) throws IOException {
    DatagramChannel channel = new NetNs(h.netnsPath()).inside(() -> DatagramChannel.open().bind(new InetSocketAddress(address, 0)));
    Thread server = Thread.ofVirtual().start(() -> {
      ByteBuffer buf = ByteBuffer.allocate(512);
      try {
        while (channel.isOpen()) {
          buf.clear();
          java.net.SocketAddress from = channel.receive(buf);
          buf.flip();
          channel.send(ByteBuffer.wrap(("echo:" + StandardCharsets.UTF_8.decode(buf)).getBytes(StandardCharsets.UTF_8)), from);
        }
      } catch (IOException closed) {
        // the test is over
      }
    });
    return new UdpEcho(channel, server);
  }

  /** The echo server of {@link #udpEcho}. */
  record UdpEcho(DatagramChannel channel, Thread server) implements AutoCloseable {
    int port() throws IOException {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    @Override
    public void close() throws IOException {
      try {
        channel.close();
      } finally {
        server.interrupt();
      }
    }
  }

  /** Sends one inline redis command and returns its reply: a status line, or a bulk string's value. */
  static String command(SocketChannel s, String cmd) throws IOException {
    s.write(ByteBuffer.wrap((cmd + "\r\n").getBytes(StandardCharsets.UTF_8)));
    InputStream in = Channels.newInputStream(s);
    String first = line(in);
    return first.startsWith("$") ? line(in) : first;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') break;
      if (c != '\r') sb.append((char) c);
    }
    return sb.toString();
  }
}
