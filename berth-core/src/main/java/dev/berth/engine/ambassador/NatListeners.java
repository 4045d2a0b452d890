package dev.berth.engine.ambassador;

import dev.berth.engine.AmbassadorService.BackendView;
import dev.berth.engine.AmbassadorService.ListenerView;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import dev.berth.network.firewall.ConntrackTable;
import dev.berth.network.firewall.NatForwarding;
import dev.berth.network.netns.NetNs;
import dev.berth.proxy.Backend;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ambassador in NAT mode ({@code AMBASSADOR_MODE=nat}): the kernel forwards, not berthd. In the container's own
 * network namespace, forwarding is switched on (that namespace's {@code net.ipv4.ip_forward}, never the host's) and
 * each port gets a DNAT rule to its current target ({@link NatForwarding}); the data never pass through berthd, so
 * a transfer costs one TCP connection instead of two.
 *
 * <p>The current target of a port is its first backend that is up. A health check connects to every backend of a
 * port with several, from inside the namespace, every {@link #PROBE_INTERVAL}, and rewrites the rules when the
 * first healthy backend changes; so fallback follows the health check, not each connection. A retarget rewrites
 * the rules at once; conntrack keeps each open connection on the target it started with. The rules live in the
 * namespace: they go away with the container, and they keep forwarding while berthd is stopped.
 *
 * <p>State (the listeners, the backends marked down, the rules in force) is owned by {@link #lock}.
 */
final class NatListeners implements Served {
  private static final Logger LOG = LoggerFactory.getLogger(NatListeners.class);
  static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");
  private static final Path CONNTRACK = Path.of("/proc/thread-self/net/nf_conntrack");

  private final String name;
  private final NetNs netns;
  private final NatForwarding forwarding;
  private final Object lock = new Object();
  private final BlockingQueue<Boolean> wake = new ArrayBlockingQueue<>(1);
  private List<AmbassadorPlan.Listener> listeners;
  private final Map<String, Set<Backend>> down = new HashMap<>();
  private List<NatForwarding.Rule> active = List.of();
  private Thread prober;

  private NatListeners(String name, NetNs netns, NatForwarding forwarding, List<AmbassadorPlan.Listener> listeners) {
    this.name = name;
    this.netns = netns;
    this.forwarding = forwarding;
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Sets up the forwarding of {@code plan} in {@code netns} and starts the health check. Also what a restarted
   * berthd does for an ambassador it finds: the rules are still there, the counts are kept, and the targets are
   * rewritten from the plan. {@code netns} null (the host's network) is refused: the rules would be the host's.
   */
  static NatListeners start(String name, AmbassadorPlan plan, NetNs netns) {
    if (netns == null) {
      throw new InvalidArgumentException("ambassador " + name + ": " + AmbassadorPlan.MODE_VARIABLE
          + "=nat needs a network namespace of its own (a bridge network); on the host's network use the default mode, proxy");
    }
    enableForwarding(netns, name);
    NatListeners n = new NatListeners(name, netns, NatForwarding.in(netns.path()), plan.listeners());
    synchronized (n.lock) {
      n.active = n.rules();
      n.forwarding.install(n.active);
    }
    n.prober = Thread.ofVirtual().name("berth-ambassador-nat-" + name).start(n::probeLoop);
    return n;
  }

  private static void enableForwarding(NetNs netns, String name) {
    try {
      netns.inside(() -> Files.writeString(IP_FORWARD, "1\n"));
    } catch (RuntimeException e) {
      throw new SystemException("ambassador " + name + ": switch on forwarding in " + netns.path() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public AmbassadorPlan plan() {
    synchronized (lock) {
      return new AmbassadorPlan(AmbassadorPlan.Mode.NAT, listeners);
    }
  }

  @Override
  public void retarget(String key, List<Backend> backends) {
    synchronized (lock) {
      List<AmbassadorPlan.Listener> next = new ArrayList<>();
      for (AmbassadorPlan.Listener l : listeners) next.add(l.key().equals(key) ? l.withBackends(backends) : l);
      listeners = List.copyOf(next);
      down.remove(key);
      apply();
    }
    wake.offer(Boolean.TRUE);
  }

  @Override
  public List<ListenerView> views() {
    List<AmbassadorPlan.Listener> ls;
    Map<String, Set<Backend>> marked;
    synchronized (lock) {
      ls = listeners;
      marked = Map.copyOf(down);
    }
    Map<String, NatForwarding.Counts> counts = countsQuietly();
    String table = conntrackQuietly();
    List<ListenerView> out = new ArrayList<>();
    for (AmbassadorPlan.Listener l : ls) {
      Set<Backend> d = marked.getOrDefault(l.key(), Set.of());
      List<BackendView> backends = l.backends().stream()
          .map(b -> new BackendView(l.protocol() + "://" + b.host() + ":" + b.port(), d.contains(b))).toList();
      NatForwarding.Counts c = counts.getOrDefault(l.key(), NatForwarding.Counts.ZERO);
      long open = table == null ? -1 : ConntrackTable.openForwarded(table, l.port(), l.protocol());
      out.add(new ListenerView(l.port(), l.protocol(), backends, c.connections(), open, c.bytesIn(), c.bytesOut()));
    }
    return out;
  }

  @Override
  public void close() {
    if (prober != null) prober.interrupt();
  }

  // ---- targets ----

  /** The rule of each listener for the backends marked down now. Under the lock. */
  private List<NatForwarding.Rule> rules() {
    return listeners.stream().map(l -> choose(l, down.getOrDefault(l.key(), Set.of()), NatListeners::ipv4)).toList();
  }

  /** Rewrites the DNAT rules when a target changed. Under the lock. */
  private void apply() {
    List<NatForwarding.Rule> next = rules();
    if (next.equals(active)) return;
    forwarding.retarget(next);
    LOG.info("ambassador {} (nat): {}", name, next.stream().map(r -> r.key() + " -> "
        + (r.address() == null ? "nowhere" : r.address() + ":" + r.targetPort())).toList());
    active = next;
  }

  /**
   * The target of {@code l}: its first backend that is up and has an IPv4 address; when all are down, its first
   * with an address (nothing better to try); when none has one, nowhere (connections are refused). UDP keeps its
   * first backend, as in proxy mode.
   */
  static NatForwarding.Rule choose(AmbassadorPlan.Listener l, Set<Backend> down, Function<Backend, String> resolve) {
    List<Backend> candidates = l.protocol().equals("udp") ? List.of(l.backends().getFirst()) : l.backends();
    String fallback = null;
    Backend fallbackBackend = null;
    for (Backend b : candidates) {
      String ip = resolve.apply(b);
      if (ip == null) continue;
      if (!down.contains(b)) return new NatForwarding.Rule(l.port(), l.protocol(), ip, b.port());
      if (fallback == null) {
        fallback = ip;
        fallbackBackend = b;
      }
    }
    return fallback == null ? NatForwarding.Rule.none(l.port(), l.protocol())
        : new NatForwarding.Rule(l.port(), l.protocol(), fallback, fallbackBackend.port());
  }

  /** The backend's IPv4 address (a DNAT target must be one), or null when it has none. */
  static String ipv4(Backend b) {
    try {
      for (InetAddress a : InetAddress.getAllByName(b.host())) if (a instanceof Inet4Address) return a.getHostAddress();
      return null;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  // ---- health check ----

  private void probeLoop() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          round();
        } catch (RuntimeException e) {
          LOG.warn("ambassador {} (nat): health check: {}", name, e.getMessage());
        }
        wake.poll(PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  /** Probes every backend of the listeners with several, then points each at its first healthy one. */
  private void round() {
    List<AmbassadorPlan.Listener> ls;
    synchronized (lock) {
      ls = listeners;
    }
    Map<String, Set<Backend>> found = new HashMap<>();
    for (AmbassadorPlan.Listener l : ls) {
      if (l.protocol().equals("tcp") && l.backends().size() > 1) found.put(l.key(), NetnsProbe.down(netns, l.backends(), CONNECT_TIMEOUT));
    }
    synchronized (lock) {
      if (ls != listeners) return; // retargeted meanwhile: the next round probes the new backends
      down.putAll(found);
      apply();
    }
  }

  private Map<String, NatForwarding.Counts> countsQuietly() {
    try {
      return forwarding.counts();
    } catch (RuntimeException e) {
      LOG.warn("ambassador {} (nat): reading the counters: {}", name, e.getMessage());
      return Map.of();
    }
  }

  /** The namespace's conntrack table, or null when it cannot be read (then OPEN is unknown). */
  private String conntrackQuietly() {
    try {
      return netns.inside(() -> {
        try {
          return Files.readString(CONNTRACK);
        } catch (IOException e) {
          return null;
        }
      });
    } catch (RuntimeException e) {
      return null;
    }
  }
}
