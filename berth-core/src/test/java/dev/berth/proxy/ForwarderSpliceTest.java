package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The zero-copy (splice(2)) path of the TCP forwarder: data, half close, counters, and close without leaks. */
class ForwarderSpliceTest {
  private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private static final ProxyOptions SPLICE_AT_ONCE = ProxyOptions.DEFAULTS.withSpliceAfter(0);
  private final List<AutoCloseable> cleanup = new CopyOnWriteArrayList<>(); // connect() runs on several threads
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : cleanup.reversed()) c.close();
    threads.shutdownNow();
  }

  private <T extends AutoCloseable> T track(T c) {
    cleanup.add(c);
    return c;
  }

  private Socket connect(Forwarder f) throws IOException {
    Socket s = track(new Socket());
    s.connect(f.address(), 5000);
    s.setSoTimeout(20_000);
    return s;
  }

  /** The byte at {@code offset} of a test stream: varied, so a lost, doubled or reordered chunk shows. */
  private static byte pattern(long offset) {
    return (byte) (offset * 31 + (offset >>> 13));
  }

  /** Writes {@code n} pattern bytes, then half-closes. */
  private static void send(Socket s, long n) throws IOException {
    OutputStream out = s.getOutputStream();
    byte[] chunk = new byte[64 * 1024];
    for (long off = 0; off < n; ) {
      int len = (int) Math.min(chunk.length, n - off);
      for (int i = 0; i < len; i++) chunk[i] = pattern(off + i);
      out.write(chunk, 0, len);
      off += len;
    }
    s.shutdownOutput();
  }

  /** Reads to EOF and answers how many bytes matched the pattern before the first mismatch (all, if intact). */
  private static long receive(InputStream in) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long off = 0;
    for (int n; (n = in.read(buf)) >= 0; ) {
      for (int i = 0; i < n; i++) {
        if (buf[i] != pattern(off + i)) return off + i;
      }
      off += n;
    }
    return off;
  }

  /** Sends {@code n} bytes through {@code f} to an echo backend and answers the intact bytes echoed before EOF. */
  private long echoThrough(Forwarder f, long n) throws Exception {
    Socket s = connect(f);
    assertThat(s.getInputStream().read()).as("backend tag").isEqualTo('A');
    Future<Long> echoed = threads.submit(() -> receive(s.getInputStream()));
    send(s, n);
    return echoed.get(60, TimeUnit.SECONDS);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  /**
   * What this JVM's descriptors point to ({@code socket:[inode]}, {@code pipe:[inode]}, paths): a leaked socket or
   * pipe shows as a target that was not there before, even when its number was reused.
   */
  private static Set<String> openFds() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      Set<String> targets = new HashSet<>();
      for (Path fd : fds.toList()) {
        try {
          targets.add(Files.readSymbolicLink(fd).toString());
        } catch (IOException gone) {
          // closed while listing (the listing's own descriptor, or a closing socket)
        }
      }
      return targets;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void awaitNoNewDescriptor(Set<String> before) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Set<String> added = new HashSet<>();
    do {
      added.clear();
      added.addAll(openFds());
      added.removeAll(before);
      if (added.isEmpty()) return;
      Thread.sleep(20);
    } while (System.nanoTime() < end);
    assertThat(added).as("descriptors left open").isEmpty();
  }

  @Test
  void zeroCopy_testJvm_supported() {
    assertThat(ZeroCopy.supported()).as("the test JVM exports sun.nio.ch and allows native access").isTrue();
  }

  @Test
  void spliceFromFirstByte_largeTransferWithHalfClose_everyByteEchoedThenEof() throws Exception {
    EchoServer a = track(new EchoServer('A'));
    Forwarder f = track(Forwarder.tcp(ANY_LOOPBACK, List.of(a.backend()), SPLICE_AT_ONCE));
    long n = 64L * 1024 * 1024 + 12_345;

    assertThat(echoThrough(f, n)).isEqualTo(n);
    assertThat(f.splicedDirections()).as("both directions spliced").isEqualTo(2);
  }

  @Test
  void spliceFromFirstByte_transferDone_byteCountersExact() throws Exception {
    EchoServer a = track(new EchoServer('A'));
    Forwarder f = track(Forwarder.tcp(ANY_LOOPBACK, List.of(a.backend()), SPLICE_AT_ONCE));
    long n = 16L * 1024 * 1024 + 7;

    assertThat(echoThrough(f, n)).isEqualTo(n);

    await("counters", () -> f.counters().open() == 0);
    assertThat(f.counters()).isEqualTo(new Counters(1, 0, n, n + 1));
  }

  @Test
  void spliceFromFirstByte_concurrentTransfers_eachIntactAndCounted() throws Exception {
    EchoServer a = track(new EchoServer('A'));
    Forwarder f = track(Forwarder.tcp(ANY_LOOPBACK, List.of(a.backend()), SPLICE_AT_ONCE));
    int clients = 16;
    long n = 4L * 1024 * 1024 + 11;
    List<Future<Long>> echoed = new ArrayList<>();
    for (int i = 0; i < clients; i++) echoed.add(threads.submit(() -> echoThrough(f, n)));

    for (Future<Long> e : echoed) assertThat(e.get(120, TimeUnit.SECONDS)).isEqualTo(n);
    await("all closed", () -> f.counters().open() == 0);
    assertThat(f.splicedDirections()).isEqualTo(2L * clients);
    assertThat(f.counters()).isEqualTo(new Counters(clients, 0, clients * n, clients * (n + 1)));
  }

  @Test
  void defaults_shortExchangeCopiesAndLargeOneSwitchesMidStream_bothIntact() throws Exception {
    EchoServer a = track(new EchoServer('A'));
    Forwarder f = track(Forwarder.tcp(ANY_LOOPBACK, List.of(a.backend())));

    assertThat(echoThrough(f, 100)).isEqualTo(100);
    assertThat(f.splicedDirections()).as("a short exchange stays on the copying path").isZero();

    long n = 8L * 1024 * 1024 + 3;
    assertThat(echoThrough(f, n)).isEqualTo(n);
    assertThat(f.splicedDirections()).as("a large transfer moves to splice").isEqualTo(2);
    await("counters", () -> f.counters().open() == 0);
    assertThat(f.counters().bytesIn()).isEqualTo(100 + n);
    assertThat(f.counters().bytesOut()).isEqualTo(100 + n + 2);
  }

  @Test
  void neverSplice_largeTransfer_copiedIntact() throws Exception {
    EchoServer a = track(new EchoServer('A'));
    ProxyOptions copying = ProxyOptions.DEFAULTS.withSpliceAfter(ProxyOptions.NEVER_SPLICE);
    Forwarder f = track(Forwarder.tcp(ANY_LOOPBACK, List.of(a.backend()), copying));
    long n = 8L * 1024 * 1024 + 3;

    assertThat(echoThrough(f, n)).isEqualTo(n);
    assertThat(f.splicedDirections()).isZero();
  }

  @Test
  void allPumpSlotsTaken_largeTransfer_copiedIntactAndSplicesAgainOnceFree() throws Exception {
    EchoServer a = track(new EchoServer('A'));
    Forwarder f = track(Forwarder.tcp(ANY_LOOPBACK, List.of(a.backend()), SPLICE_AT_ONCE));
    long n = 4L * 1024 * 1024 + 1;
    await("pumps of earlier tests ended", () -> ZeroCopy.PUMPS.availablePermits() == ZeroCopy.MAX_PUMPS);
    int taken = ZeroCopy.PUMPS.drainPermits();
    try {
      assertThat(echoThrough(f, n)).isEqualTo(n);
      assertThat(f.splicedDirections()).isZero();
    } finally {
      ZeroCopy.PUMPS.release(taken);
    }

    assertThat(echoThrough(f, n)).isEqualTo(n);
    assertThat(f.splicedDirections()).isEqualTo(2);
  }

  @Test
  void close_whileSplicing_clientSeesEndAndNoDescriptorLeft() throws Exception {
    warmUp();
    Set<String> before = openFds();
    EchoServer a = new EchoServer('A');
    Forwarder f = Forwarder.tcp(ANY_LOOPBACK, List.of(a.backend()), SPLICE_AT_ONCE);
    Socket s = new Socket();
    try {
      s.connect(f.address(), 5000);
      s.setSoTimeout(20_000);
      Future<Long> echoed = threads.submit(() -> drainQuietly(s.getInputStream()));
      Future<?> writing = threads.submit(() -> {
        send(s, Long.MAX_VALUE); // until the connection breaks
        return null;
      });
      await("bytes flowing through splice", () -> f.splicedDirections() == 2 && f.counters().bytesOut() > (8 << 20));

      f.close();

      assertThat(echoed.get(10, TimeUnit.SECONDS)).isPositive();
      assertThat(writing).failsWithin(Duration.ofSeconds(10));
    } finally {
      s.close();
      f.close();
      a.close();
    }
    awaitNoNewDescriptor(before);
  }

  @Test
  void close_idleSplicedConnection_pumpEndsAndNoDescriptorLeft() throws Exception {
    warmUp();
    Set<String> before = openFds();
    EchoServer a = new EchoServer('A');
    Forwarder f = Forwarder.tcp(ANY_LOOPBACK, List.of(a.backend()), SPLICE_AT_ONCE);
    try (Socket s = new Socket()) {
      s.connect(f.address(), 5000);
      s.setSoTimeout(5_000);
      assertThat(s.getInputStream().read()).isEqualTo('A');
      s.getOutputStream().write("ping".getBytes());
      assertThat(s.getInputStream().readNBytes(4)).isEqualTo("ping".getBytes());
      await("both directions spliced", () -> f.splicedDirections() == 2);

      long start = System.nanoTime();
      f.close();

      assertThat(drainQuietly(s.getInputStream())).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    } finally {
      f.close();
      a.close();
    }
    awaitNoNewDescriptor(before);
  }

  /** One full spliced connection first, so descriptors the JDK opens once (its poller) are in the baseline. */
  private void warmUp() throws Exception {
    try (EchoServer a = new EchoServer('A');
        Forwarder f = Forwarder.tcp(ANY_LOOPBACK, List.of(a.backend()), SPLICE_AT_ONCE)) {
      assertThat(echoThrough(f, 1 << 20)).isEqualTo(1 << 20);
      await("warm-up connection closed", () -> f.counters().open() == 0);
    }
    for (AutoCloseable c : cleanup.reversed()) c.close();
    cleanup.clear();
  }

  /** Reads to EOF or reset; answers the bytes read. */
  private static long drainQuietly(InputStream in) {
    long total = 0;
    byte[] buf = new byte[64 * 1024];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) total += n;
    } catch (IOException reset) {
      // a reset ends the stream too
    }
    return total;
  }
}
