package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.ConflictException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ForwarderTest {
  private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : cleanup.reversed()) c.close();
  }

  private <T extends AutoCloseable> T track(T c) {
    cleanup.add(c);
    return c;
  }

  private Socket connect(Forwarder f) throws IOException {
    Socket s = track(new Socket());
    s.connect(f.address(), 5000);
    s.setSoTimeout(10_000);
    return s;
  }

  private static char tagOf(Socket s) throws IOException {
    int t = s.getInputStream().read();
    assertThat(t).as("backend tag").isNotNegative();
    return (char) t;
  }

  private static byte[] echo(Socket s, byte[] data) throws IOException {
    s.getOutputStream().write(data);
    return s.getInputStream().readNBytes(data.length);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  @Test
  void tcp_dataBothWays_echoedAndCounted() throws Exception {
    EchoServer a = track(new EchoServer('A'));
    Forwarder f = track(Forwarder.tcp(ANY_LOOPBACK, List.of(a.backend())));
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(data);

    Socket s = connect(f);
    assertThat(tagOf(s)).isEqualTo('A');
    Future<byte[]> reply = Executors.newVirtualThreadPerTaskExecutor().submit(() -> s.getInputStream().readNBytes(data.length));
    s.getOutputStream().write(data);

    assertThat(reply.get()).isEqualTo(data);
    await("byte counters", () -> f.counters().bytesIn() == data.length && f.counters().bytesOut() == data.length + 1);
    assertThat(f.counters().connections()).isEqualTo(1);
    assertThat(f.counters().open()).isEqualTo(1);
  }

  @Test
  void tcp_clientHalfCloses_replyStillArrivesThenEof() throws Exception {
    EchoServer a = track(new EchoServer('A'));
    Forwarder f = track(Forwarder.tcp(ANY_LOOPBACK, List.of(a.backend())));
    Socket s = connect(f);

    s.getOutputStream().write("ping".getBytes());
    s.shutdownOutput();

    assertThat(new String(s.getInputStream().readAllBytes())).isEqualTo("Aping");
    s.close();
    await("connection closed", () -> f.counters().open() == 0);
  }

  @Test
  void tcp_manyConcurrentConnections_allEchoTheirOwnData() throws Exception {
    EchoServer a = track(new EchoServer('A'));
    Forwarder f = track(Forwarder.tcp(ANY_LOOPBACK, List.of(a.backend())));
    int n = 200;
    List<Callable<Boolean>> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] data = ("client-" + i + "-").repeat(500).getBytes();
      clients.add(() -> {
        try (Socket s = new Socket()) {
          s.connect(f.address(), 10_000);
          s.setSoTimeout(20_000);
          return tagOf(s) == 'A' && java.util.Arrays.equals(echo(s, data), data);
        }
      });
    }
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<Boolean> r : pool.invokeAll(clients)) assertThat(r.get()).isTrue();
    }
    await("all closed", () -> f.counters().open() == 0);
    assertThat(f.counters().connections()).isEqualTo(n);
  }

  @Test
  void retarget_connectionOpen_oldKeepsOldBackendNewGoesToNew() throws Exception {
    EchoServer a = track(new EchoServer('A'));
    EchoServer b = track(new EchoServer('B'));
    Forwarder f = track(Forwarder.tcp(ANY_LOOPBACK, List.of(a.backend())));
    Socket old = connect(f);
    assertThat(tagOf(old)).isEqualTo('A');

    f.retarget(List.of(b.backend()));

    assertThat(f.backends()).containsExactly(b.backend());
    Socket fresh = connect(f);
    assertThat(tagOf(fresh)).isEqualTo('B');
    assertThat(echo(old, "still-a".getBytes())).isEqualTo("still-a".getBytes());
    assertThat(echo(fresh, "now-b".getBytes())).isEqualTo("now-b".getBytes());
    assertThat(a.openConnections()).isEqualTo(1);
  }

  @Test
  void tcp_firstBackendDown_fallsBackThenReturnsAfterProbe() throws Exception {
    int deadPort = freePort();
    Backend dead = new Backend("127.0.0.1", deadPort);
    EchoServer b = track(new EchoServer('B'));
    ProxyOptions fast = ProxyOptions.DEFAULTS.withProbeInterval(Duration.ofMillis(100));
    Forwarder f = track(Forwarder.tcp(ANY_LOOPBACK, List.of(dead, b.backend()), fast));

    assertThat(tagOf(connect(f))).isEqualTo('B');
    assertThat(f.isDown(dead)).isTrue();
    assertThat(tagOf(connect(f))).isEqualTo('B');

    track(new EchoServer('A', deadPort));
    await("probe brings the first backend back", () -> !f.isDown(dead));
    assertThat(tagOf(connect(f))).isEqualTo('A');
  }

  @Test
  void tcp_onlyBackendDown_clientClosed() throws Exception {
    Forwarder f = track(Forwarder.tcp(ANY_LOOPBACK, List.of(new Backend("127.0.0.1", freePort()))));
    Socket s = connect(f);

    assertThat(s.getInputStream().read()).isEqualTo(-1);
    assertThat(f.isDown(f.backends().getFirst())).as("a single backend is never marked down").isFalse();
    await("connection counted and closed", () -> f.counters().connections() == 1 && f.counters().open() == 0);
  }

  @Test
  void close_openConnection_closedAndPortReleased() throws Exception {
    EchoServer a = track(new EchoServer('A'));
    Forwarder f = Forwarder.tcp(ANY_LOOPBACK, List.of(a.backend()));
    Socket s = connect(f);
    assertThat(tagOf(s)).isEqualTo('A');

    f.close();

    InputStream in = s.getInputStream();
    assertThat(readOrReset(in)).isEqualTo(-1);
    await("backend side closed", () -> a.openConnections() == 0);
    assertThatThrownBy(() -> new Socket().connect(f.address(), 2000)).isInstanceOf(ConnectException.class);
    try (ServerSocket again = new ServerSocket(f.address().getPort(), 1, f.address().getAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(f.address().getPort());
    }
  }

  @Test
  void tcp_portInUse_conflictInDockersWords() throws Exception {
    ServerSocket taken = track(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());

    assertThatThrownBy(() -> Forwarder.tcp(address, List.of(new Backend("127.0.0.1", 1))))
        .isInstanceOf(ConflictException.class)
        .hasMessage("Bind for 127.0.0.1:" + taken.getLocalPort() + " failed: port is already allocated");
  }

  @Test
  void tcp_noBackends_invalidArgument() {
    assertThatThrownBy(() -> Forwarder.tcp(ANY_LOOPBACK, List.of()))
        .isInstanceOf(dev.berth.errors.InvalidArgumentException.class)
        .hasMessageContaining("at least one backend");
  }

  private static int readOrReset(InputStream in) {
    try {
      return in.read();
    } catch (IOException reset) {
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
