package dev.berth.proxy;

import dev.berth.sys.NativeCalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The congestion control of a backend socket that stays on this host. When the host's default is BBR, a TCP
 * connection paces its sending in software unless the {@code fq} qdisc does it, and the devices a host-internal
 * connection crosses (loopback, bridges, veths) have no qdisc at all: BBR then spends its time in pacing timers
 * to protect a queue that does not exist. Measured through the proxy (docs/benchmarks.md), cubic on the backend
 * socket gave 0.70x of direct loopback throughput against 0.55x with BBR. So a backend on loopback, on a local
 * address (a bridge's gateway, which is where an ambassador's target on this host is), or in the subnet of a local
 * bridge (a container behind a published port) gets cubic; a backend anywhere else keeps the administrator's
 * choice, since on a real link BBR's pacing is the point. Nothing changes when the default is not BBR, when cubic
 * is not available, or with {@code -Dberth.proxy.internal-congestion=off}.
 *
 * <p>Best effort: it needs the socket's descriptor ({@link SocketFds}) and native access; a failure leaves the
 * socket as it is. The set of local addresses and bridge subnets is read again at most every 5 s, so a bridge
 * made later is seen soon and a connect costs no interface walk.
 */
final class Congestion {
  /** The system property that turns this off ({@code off}); anything else leaves it on. */
  static final String PROPERTY = "berth.proxy.internal-congestion";
  private static final int IPPROTO_TCP = 6;
  private static final int TCP_CONGESTION = 13;
  private static final long REFRESH_NANOS = 5_000_000_000L;
  private static final String CHOICE = choose();
  private static final MethodHandle SETSOCKOPT = CHOICE == null ? null : link();
  private static volatile Snapshot snapshot;

  private Congestion() {}

  /** The local addresses and the subnets of local bridges, as read at {@code nanos}. */
  private record Snapshot(long nanos, Set<InetAddress> local, List<InterfaceAddress> bridged) {}

  /** The congestion control a host-internal backend socket gets here ({@code cubic}), or null for none. */
  static String choice() {
    return SETSOCKOPT == null ? null : CHOICE;
  }

  /** Sets {@link #choice()} on {@code fd} (a backend socket, before its connect) when {@code backend} is host-internal. */
  static void forBackend(int fd, InetAddress backend) {
    if (SETSOCKOPT == null || fd < 0 || backend == null || !internal(backend)) return;
    try (Arena a = Arena.ofConfined()) {
      byte[] name = CHOICE.getBytes(StandardCharsets.US_ASCII);
      MemorySegment value = a.allocate(name.length);
      value.copyFrom(MemorySegment.ofArray(name));
      int rc = (int) SETSOCKOPT.invokeExact(fd, IPPROTO_TCP, TCP_CONGESTION, value, name.length);
      if (rc != 0) return; // not allowed here: the socket keeps the default
    } catch (Throwable t) {
      // best effort
    }
  }

  /** Whether a connection to {@code a} stays on this host: loopback, a local address, or a local bridge's subnet. */
  static boolean internal(InetAddress a) {
    if (a.isLoopbackAddress() || a.isAnyLocalAddress()) return true;
    Snapshot s = current();
    if (s.local().contains(a)) return true;
    for (InterfaceAddress ia : s.bridged()) {
      if (sameSubnet(ia.getAddress(), a, ia.getNetworkPrefixLength())) return true;
    }
    return false;
  }

  private static Snapshot current() {
    Snapshot s = snapshot;
    long now = System.nanoTime();
    if (s == null || now - s.nanos() > REFRESH_NANOS) {
      s = read(now);
      snapshot = s;
    }
    return s;
  }

  private static Snapshot read(long now) {
    Set<InetAddress> local = new HashSet<>();
    List<InterfaceAddress> bridged = new ArrayList<>();
    try {
      for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
        boolean bridge = Files.isDirectory(Path.of("/sys/class/net", ni.getName(), "bridge"));
        for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
          local.add(ia.getAddress());
          if (bridge && ia.getAddress() instanceof Inet4Address) bridged.add(ia);
        }
      }
    } catch (SocketException | RuntimeException e) {
      // no interfaces readable: only loopback counts as internal
    }
    return new Snapshot(now, Set.copyOf(local), List.copyOf(bridged));
  }

  static boolean sameSubnet(InetAddress net, InetAddress a, int prefix) {
    byte[] x = net.getAddress();
    byte[] y = a.getAddress();
    if (x.length != y.length || prefix < 0 || prefix > x.length * 8) return false;
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >> (bit % 8);
      if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) return false;
    }
    return true;
  }

  /** cubic when the host's default is bbr and cubic is there to be had; else null. */
  private static String choose() {
    if ("off".equals(System.getProperty(PROPERTY))) return null;
    try {
      String current = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_congestion_control")).strip();
      String available = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_available_congestion_control"));
      boolean cubic = List.of(available.strip().split("\\s+")).contains("cubic");
      return current.equals("bbr") && cubic ? "cubic" : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static MethodHandle link() {
    if (!SocketFds.available() || !Congestion.class.getModule().isNativeAccessEnabled()) return null;
    try {
      return NativeCalls.libc("setsockopt", FunctionDescriptor.of(
          NativeCalls.INT, NativeCalls.INT, NativeCalls.INT, NativeCalls.INT, NativeCalls.PTR, NativeCalls.INT));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
