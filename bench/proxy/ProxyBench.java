/*
 * Driver of bench/proxy/run.sh (a single-file program, run with `java -cp berth-core/target/classes ProxyBench.java`).
 *   server PORT                       loopback sink/echo server: a connection starting with 'T' is read to EOF and
 *                                     answered with the byte count; one starting with 'R' gets one byte and a close
 *   proxy PORT BACKEND_PORT [KIB [copy]]
 *                                     Berth's Forwarder from 127.0.0.1:PORT to 127.0.0.1:BACKEND_PORT (KIB: its
 *                                     buffer size, 0 or absent: ProxyOptions.DEFAULTS; copy: never splice); prints
 *                                     whether this JVM can splice (it needs --add-exports java.base/sun.nio.ch
 *                                     and --enable-native-access)
 *   client ROUNDS BYTES CONNS CONC name=PORT[:PID[+PID...]]...
 *                                     per round and per variant in turn (interleaved): a BYTES transfer
 *                                     (MB/s) and CONNS short connections, CONC at a time (connections/s);
 *                                     with PIDs (the proxy processes of that path), also the CPU time they
 *                                     used for the transfer, in ms per GiB (user + system, from /proc; it
 *                                     depends far less on the machine's load than MB/s does);
 *                                     prints every sample, then a markdown table of medians; CONNS 0
 *                                     skips the connection rate (throughput-only runs, more rounds);
 *                                     with a path named "direct", also each path's per-round ratio to
 *                                     direct's throughput in the same round (the ratio is what cancels the
 *                                     shared machine's swings) and the host's CPU per GiB (all CPUs' busy
 *                                     time, and its softirq part, from /proc/stat, during the transfer);
 *                                     a path named NAME@VARIANT is also compared with NAME round by round.
 *                                     Every other round runs the paths in reverse order.
 */
import dev.berth.proxy.Backend;
import dev.berth.proxy.Forwarder;
import dev.berth.proxy.ProxyOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

void main(String[] args) throws Exception {
  switch (args[0]) {
    case "server" -> server(Integer.parseInt(args[1]), args.length > 2 ? args[2] : null);
    case "proxy" -> proxy(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 0,
        args.length > 4 && args[4].equals("copy"));
    case "client" -> client(args);
    default -> throw new IllegalArgumentException("unknown mode " + args[0]);
  }
}

static InetSocketAddress loopback(int port) {
  return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
}

/** Serves on loopback, or on {@code bindHost} (for example 0.0.0.0, so a container's bridge reaches it). */
void server(int port, String bindHost) throws IOException {
  InetSocketAddress at = bindHost == null ? loopback(port) : new InetSocketAddress(bindHost, port);
  ServerSocketChannel ss = ServerSocketChannel.open().bind(at, 4096);
  System.out.println("ready");
  while (true) {
    SocketChannel c = ss.accept();
    Thread.ofVirtual().start(() -> serve(c));
  }
}

void serve(SocketChannel c) {
  try (c) {
    ByteBuffer first = ByteBuffer.allocate(1);
    if (c.read(first) <= 0) return;
    if (first.get(0) == 'R') {
      c.write(ByteBuffer.wrap(new byte[] {'k'}));
      return;
    }
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20); // only transfers get the big buffer
    long total = 1;
    buf.clear();
    for (int n; (n = c.read(buf)) >= 0; buf.clear()) total += n;
    ByteBuffer answer = ByteBuffer.allocate(8).putLong(total).flip();
    while (answer.hasRemaining()) c.write(answer);
  } catch (IOException e) {
    // client went away
  }
}

void proxy(int port, int backend, int bufferKiB, boolean copyOnly) throws Exception {
  ProxyOptions options = ProxyOptions.DEFAULTS;
  if (bufferKiB > 0) options = options.withBufferSize(bufferKiB * 1024);
  if (copyOnly) options = options.withSpliceAfter(ProxyOptions.NEVER_SPLICE);
  Forwarder f = Forwarder.tcp(loopback(port), List.of(new Backend("127.0.0.1", backend)), options);
  boolean canSplice = Object.class.getModule().isExported("sun.nio.ch", Forwarder.class.getModule())
      && Forwarder.class.getModule().isNativeAccessEnabled();
  System.out.println("ready " + f.address() + " splice=" + (canSplice && !copyOnly));
  Thread.sleep(Long.MAX_VALUE);
}

void client(String[] args) throws Exception {
  int rounds = Integer.parseInt(args[1]);
  long bytes = Long.parseLong(args[2]);
  int conns = Integer.parseInt(args[3]);
  int conc = Integer.parseInt(args[4]);
  Map<String, InetSocketAddress> variants = new LinkedHashMap<>();
  Map<String, List<Long>> proxyPids = new LinkedHashMap<>();
  for (int i = 5; i < args.length; i++) { // name=[HOST/]PORT[:PID+PID…]
    String[] kv = args[i].split("=");
    String[] portPids = kv[1].split(":");
    int slash = portPids[0].indexOf('/');
    variants.put(kv[0], slash < 0 ? loopback(Integer.parseInt(portPids[0]))
        : new InetSocketAddress(portPids[0].substring(0, slash), Integer.parseInt(portPids[0].substring(slash + 1))));
    List<Long> pids = new ArrayList<>();
    if (portPids.length > 1) for (String pid : portPids[1].split("\\+")) pids.add(Long.parseLong(pid));
    proxyPids.put(kv[0], pids);
  }
  for (var v : variants.entrySet()) { // warm-up round, not counted
    throughput(v.getValue(), Math.min(bytes, 128L << 20));
    if (conns > 0) rate(v.getValue(), Math.min(conns, 1000), conc);
  }
  Map<String, List<Double>> hostCpu = new LinkedHashMap<>();
  Map<String, List<Double>> softirq = new LinkedHashMap<>();
  Map<String, List<Double>> mbps = new LinkedHashMap<>();
  Map<String, List<Double>> cps = new LinkedHashMap<>();
  Map<String, List<Double>> cpu = new LinkedHashMap<>();
  List<Map.Entry<String, InetSocketAddress>> order = new ArrayList<>(variants.entrySet());
  for (int r = 1; r <= rounds; r++) {
    // every other round in reverse (ABBA), so a drift in the machine's load does not favour the paths run first
    for (var v : r % 2 == 1 ? order : order.reversed()) {
      List<Long> pids = proxyPids.get(v.getKey());
      long cpuBefore = cpuMillis(pids);
      long[] hostBefore = hostCpuMillis();
      double t = throughput(v.getValue(), bytes);
      long[] hostAfter = hostCpuMillis();
      double gib = bytes / (double) (1L << 30);
      double msPerGiB = (cpuMillis(pids) - cpuBefore) / gib;
      hostCpu.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add((hostAfter[0] - hostBefore[0]) / gib);
      softirq.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add((hostAfter[1] - hostBefore[1]) / gib);
      double c = conns > 0 ? rate(v.getValue(), conns, conc) : 0;
      mbps.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(t);
      cps.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(c);
      cpu.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(msPerGiB);
      System.err.printf("round %d %-10s %8.0f MB/s %8.0f conn/s %6.0f proxy CPU ms/GiB %6.0f host CPU ms/GiB%n", r, v.getKey(), t,
          c, msPerGiB, hostCpu.get(v.getKey()).getLast());
    }
  }
  System.out.printf("| path | throughput, %d MB (MB/s, median of %d) | proxy CPU for it (ms per GiB) | connection rate, %d connections (conn/s, median of %d) |%n",
      bytes >> 20, rounds, conns, rounds);
  System.out.println("|---|---:|---:|---:|");
  for (String k : variants.keySet()) {
    String cpuCell = proxyPids.get(k).isEmpty() ? "-" : String.format("%.0f", median(cpu.get(k)));
    System.out.printf("| %s | %.0f | %s | %.0f |%n", k, median(mbps.get(k)), cpuCell, median(cps.get(k)));
  }
  if (mbps.containsKey("direct")) ratios(mbps, hostCpu, softirq);
}

/** Per-round ratios of each path's throughput to direct's in the same round, their median, and host CPU. */
static void ratios(Map<String, List<Double>> mbps, Map<String, List<Double>> hostCpu, Map<String, List<Double>> softirq) {
  List<Double> direct = mbps.get("direct");
  System.out.println();
  System.out.println("| path | ratio to direct, per round | median of the ratios | host CPU (ms per GiB, median) | of it softirq |");
  System.out.println("|---|---|---:|---:|---:|");
  for (var e : mbps.entrySet()) {
    List<Double> r = perRound(e.getValue(), direct);
    System.out.printf("| %s | %s | %.2f | %.0f | %.0f |%n", e.getKey(), joined(r), median(r),
        median(hostCpu.get(e.getKey())), median(softirq.get(e.getKey())));
  }
  // A path named NAME@VARIANT is the same path as NAME with something changed: compare the two round by round.
  List<String> twins = mbps.keySet().stream().filter(k -> k.contains("@") && mbps.containsKey(k.substring(0, k.indexOf('@')))).toList();
  if (twins.isEmpty()) return;
  System.out.println();
  System.out.println("| path | against the same path unchanged, per round | median of the ratios | rounds it was faster |");
  System.out.println("|---|---|---:|---:|");
  for (String k : twins) {
    List<Double> r = perRound(mbps.get(k), mbps.get(k.substring(0, k.indexOf('@'))));
    System.out.printf("| %s | %s | %.2f | %d of %d |%n", k, joined(r), median(r), r.stream().filter(x -> x > 1).count(), r.size());
  }
}

static List<Double> perRound(List<Double> xs, List<Double> base) {
  List<Double> r = new ArrayList<>();
  for (int i = 0; i < base.size(); i++) r.add(xs.get(i) / base.get(i));
  return r;
}

static String joined(List<Double> xs) {
  return String.join(", ", xs.stream().map(x -> String.format("%.2f", x)).toList());
}

/** All CPUs' busy time (user, nice, system, irq, softirq; not idle, iowait or steal) and its softirq part so far, in ms, from /proc/stat. */
static long[] hostCpuMillis() {
  try {
    String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).getFirst().trim().split("\\s+");
    long busy = 0;
    for (int i = 1; i <= 7; i++) if (i != 4 && i != 5) busy += Long.parseLong(f[i]);
    return new long[] {busy * 10, Long.parseLong(f[7]) * 10}; // USER_HZ is 100 on Linux
  } catch (IOException e) {
    throw new java.io.UncheckedIOException(e);
  }
}

/** User plus system CPU time of these processes so far, in ms (10 ms ticks). */
static long cpuMillis(List<Long> pids) {
  long total = 0;
  for (long pid : pids) {
    total += ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElseThrow().toMillis();
  }
  return total;
}

static double median(List<Double> xs) {
  List<Double> s = xs.stream().sorted().toList();
  int n = s.size();
  return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
}

/** MB/s of sending {@code bytes} and getting the server's count back. */
static double throughput(InetSocketAddress target, long bytes) throws IOException {
  ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
  long start = System.nanoTime();
  try (SocketChannel c = SocketChannel.open(target)) {
    buf.put(0, (byte) 'T');
    long left = bytes;
    while (left > 0) {
      buf.clear().limit((int) Math.min(buf.capacity(), left));
      left -= c.write(buf);
    }
    c.shutdownOutput();
    ByteBuffer answer = ByteBuffer.allocate(8);
    while (answer.hasRemaining() && c.read(answer) >= 0) {}
    long got = answer.flip().getLong();
    if (got != bytes) throw new IOException("server got " + got + " bytes of " + bytes);
  }
  return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
}

/** Connections per second of {@code n} request-reply-close connections, {@code conc} at a time. */
static double rate(InetSocketAddress target, int n, int conc) throws Exception {
  Semaphore slots = new Semaphore(conc);
  List<Future<?>> done = new ArrayList<>(n);
  long start = System.nanoTime();
  try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
    for (int i = 0; i < n; i++) {
      slots.acquire();
      done.add(pool.submit(() -> {
        try (SocketChannel c = SocketChannel.open(target)) {
          c.write(ByteBuffer.wrap(new byte[] {'R'}));
          ByteBuffer one = ByteBuffer.allocate(1);
          if (c.read(one) != 1) throw new IOException("no reply");
          return null;
        } finally {
          slots.release();
        }
      }));
    }
  }
  for (Future<?> f : done) f.get();
  return n / ((System.nanoTime() - start) / 1e9);
}
