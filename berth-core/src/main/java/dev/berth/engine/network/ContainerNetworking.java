package dev.berth.engine.network;

import dev.berth.engine.AmbassadorService;
import dev.berth.engine.ambassador.AmbassadorPlan;
import dev.berth.engine.ambassador.Ambassadors;
import dev.berth.errors.ConflictException;
import dev.berth.network.Endpoint;
import dev.berth.network.Mtu;
import dev.berth.network.Network;
import dev.berth.network.NetworkDefaults;
import dev.berth.network.PortMapping;
import dev.berth.network.cni.CniBridge;
import dev.berth.network.dns.EmbeddedDns;
import dev.berth.network.firewall.Firewall;
import dev.berth.network.firewall.FirewallState;
import dev.berth.network.netns.NetNs;
import dev.berth.runtime.bundle.EtcFiles;
import dev.berth.runtime.bundle.NetworkSetup;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.NetworkConfig;
import dev.berth.runtime.specgen.NetworkMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's networking from start to exit. {@link #begin} (at start) makes the namespace under
 * {@link NetworkDefaults#netnsDir} and works out what the bundle needs, then, while runc creates the container,
 * attaches the namespace to each of the container's networks with the CNI bridge plugin, binds its published
 * ports (reserving them, with a loopback proxy) and adds their DNAT rules, and serves the embedded DNS in it on
 * user networks; {@link #release} (at exit, and after a failed start) undoes it in reverse. Running
 * containers found by a restarted berthd get their proxies and DNS sockets back with {@link #restore}.
 */
public final class ContainerNetworking implements NetworkHooks, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerNetworking.class);

  private final LocalNetworkService networks;
  private final NetworkDefaults defaults;
  private final CniBridge cni;
  private final Firewall firewall;
  private final EmbeddedDns dns;
  private final RunFiles runFiles;
  private final OwnedBridges bridges;
  private final Ambassadors ambassadors;
  private final Map<String, Live> live = new ConcurrentHashMap<>();
  private final AddressClaims claims = new AddressClaims();
  private final Object firewallLock = new Object();

  /** A container whose network is up: what {@link #release} closes. */
  private record Live(NetNs netns, List<Attachment> attached, List<PortPublisher.Bound> ports, AutoCloseable dns) {
    Live {
      attached = List.copyOf(attached);
      ports = List.copyOf(ports);
    }
  }

  /** One endpoint attached inside the namespace. */
  record Attachment(Network network, Endpoint endpoint, CniBridge.Attachment cni, String mac) {}

  /** What the bundle needs (namespace, /etc files) and the links' environment to add to the process. */
  public record Prepared(NetworkSetup setup, List<String> env) {
    public Prepared {
      env = List.copyOf(env);
    }
  }

  private ContainerNetworking(LocalNetworkService networks, CniBridge cni, Firewall firewall, EmbeddedDns dns, Path runDir) {
    this.networks = networks;
    this.defaults = networks.defaults();
    this.cni = cni;
    this.firewall = firewall;
    this.dns = dns;
    this.runFiles = new RunFiles(runDir);
    this.bridges = new OwnedBridges(runDir.resolve("bridges"));
    this.ambassadors = new Ambassadors(runDir.resolve("ambassadors"));
  }

  /** Installs the daemon's firewall chains and rules for the networks, and hooks into the network service. */
  public static ContainerNetworking open(LocalNetworkService networks, Path execRoot) {
    Firewall fw = new Firewall(networks.defaults().chainPrefix(), !networks.defaults().userlandProxy());
    ContainerNetworking[] self = new ContainerNetworking[1];
    EmbeddedDns dns = new EmbeddedDns((asker, name) -> self[0].names().lookup(asker, name),
        EmbeddedDns.hostResolvers(EtcFiles.HOST_RESOLV_CONF));
    self[0] = new ContainerNetworking(networks, new CniBridge(CniBridge.PLUGIN_DIR), fw, dns, execRoot.resolve("network"));
    fw.install();
    self[0].applyFirewall();
    networks.useHooks(self[0]);
    return self[0];
  }

  private NetworkNames names;

  private NetworkNames names() {
    if (names == null) names = new NetworkNames(networks, live::containsKey);
    return names;
  }

  public Firewall firewall() {
    return firewall;
  }

  // ---- at create and remove ----

  /** Allocates the addresses of a new container (Docker checks the networks at create). */
  public void created(Container c) {
    networks.attachAtCreate(c.id().hex(), c.config().network());
  }

  /** Releases the addresses of a removed container. */
  public void removed(String containerId) {
    networks.detachAll(containerId);
  }

  // ---- at start ----

  /**
   * Begins the container's networking for a start on a virtual thread, in the steps of {@link NetworkStart}: what
   * the bundle needs, the namespace, then the interfaces. After a failure of the first two nothing is left; after
   * one of the last, only the namespace, which {@link #release} removes.
   */
  public NetworkStart begin(Container c) {
    return NetworkStart.begin("berth-net-" + c.id().shortId(), NetworkStart.namesInterface(c.config().security().sysctls()),
        () -> plan(c));
  }

  /**
   * The first step, done, and the two to run after it: make the namespace (needed by {@code runc create}), and
   * attach it (needed by {@code runc start}); both do nothing for host, none and another container's namespace.
   */
  record Planned(Prepared prepared, Runnable namespace, Runnable attach) {}

  private Planned plan(Container c) {
    NetworkConfig cfg = c.config().network();
    if (cfg.isHost()) {
      startAmbassador(c, List.of(), null);
      return done(new Prepared(setup(new NetworkMode.Host(), null, cfg, hostsLines(cfg, List.of()), false), List.of()));
    }
    if (cfg.isNone()) return done(new Prepared(setup(new NetworkMode.Private(), null, cfg, hostsLines(cfg, List.of()), false), List.of()));
    if (cfg.isContainerMode()) return done(joinContainer(c, cfg));
    return bridged(c, cfg);
  }

  private static Planned done(Prepared p) {
    return new Planned(p, () -> {}, () -> {});
  }

  /**
   * On bridge networks: what the bundle needs is known before the namespace exists (its path is fixed, and the
   * addresses were allocated at create), so the spec can be written while the namespace is made.
   */
  private Planned bridged(Container c, NetworkConfig cfg) {
    String id = c.id().hex();
    List<LocalNetworkService.Attached> eps = endpoints(id, cfg);
    Network primary = eps.getFirst().network();
    Links links = Links.of(c, cfg, primary, networks);
    boolean user = eps.stream().anyMatch(a -> !a.network().predefined());
    NetNs ns = new NetNs(defaults.netnsDir().resolve(id));
    NetworkSetup s = setup(new NetworkMode.Join(ns.path().toString()), eps.getFirst().endpoint().ipv4(), cfg,
        hostsLines(cfg, links.hosts()), user);
    AtomicLong nsNanos = new AtomicLong();
    return new Planned(new Prepared(s, links.env()), () -> {
      long t0 = System.nanoTime();
      NetNs.create(defaults.netnsDir(), id);
      nsNanos.set(System.nanoTime() - t0);
    }, () -> attachBridged(c, cfg, ns, eps, new Early(links, user, ms(nsNanos.get()))));
  }

  /** What the first step worked out that the last uses. */
  private record Early(Links links, boolean user, long netnsMs) {}

  /**
   * The last step on bridge networks: each endpoint attached (CNI ADD), ports published, the embedded DNS and an
   * ambassador served, the container made live. On failure all of it is undone but the namespace.
   */
  private void attachBridged(Container c, NetworkConfig cfg, NetNs ns, List<LocalNetworkService.Attached> eps, Early early) {
    String id = c.id().hex();
    Deque<AutoCloseable> undo = new ArrayDeque<>();
    try {
      long t1 = System.nanoTime();
      List<Attachment> attached = new ArrayList<>();
      for (LocalNetworkService.Attached a : eps) attached.add(attach(id, a.network(), a.endpoint(), ns, "eth" + attached.size(), undo));
      long t2 = System.nanoTime();
      Attachment primary = attached.getFirst();
      List<PortPublisher.Bound> ports = publish(c, cfg, primary, undo);
      AutoCloseable serving = early.user() ? dns.serve(id, ns) : null;
      if (serving != null) undo.push(serving);
      long t3 = System.nanoTime();
      if (startAmbassador(c, early.links().env(), ns)) undo.push(() -> ambassadors.stop(id));
      live.put(id, new Live(ns, attached, ports, serving));
      if (primary.network().name().equals("bridge")) {
        LinkedHosts.childStarted(c, primary.endpoint().ipv4(), live.keySet(), networks.directory());
      }
      if (!ports.isEmpty()) applyFirewall();
      runFiles.write(id, new RunFiles.RunFile(ns.path().toString(), ports.stream().map(PortPublisher.Bound::mapping).toList()));
      LOG.debug("network of {}: netns {} ms, cni {} ms, ports+dns {} ms, rules {} ms", c.id().shortId(), early.netnsMs(),
          ms(t2 - t1), ms(t3 - t2), ms(System.nanoTime() - t3));
    } catch (RuntimeException e) {
      boolean wasLive = live.remove(id) != null; // first, so the rules applied below leave its ports out
      undoAll(undo, e);
      if (wasLive) applyFirewallQuietly(e);
      throw e;
    }
  }

  /** Serves the container's forwarding listeners when its image makes it an ambassador; true if it did. */
  private boolean startAmbassador(Container c, List<String> linkEnv, NetNs ns) {
    if (!c.config().basic().labels().containsKey(AmbassadorService.LABEL)) return false;
    ambassadors.start(c.id().hex(), c.name().substring(1), AmbassadorPlan.of(linkEnv, c.config().basic().env()), ns);
    return true;
  }

  /** The ambassadors this daemon serves. */
  public AmbassadorService ambassadors() {
    return ambassadors;
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  /** The container's endpoints, primary first; one created before networking was there is attached now. */
  private List<LocalNetworkService.Attached> endpoints(String id, NetworkConfig cfg) {
    List<LocalNetworkService.Attached> eps = ordered(networks.endpointsOf(id), cfg);
    if (eps.isEmpty()) {
      networks.attachAtCreate(id, cfg);
      eps = ordered(networks.endpointsOf(id), cfg);
    }
    return eps;
  }

  private Attachment attach(String id, Network n, Endpoint e, NetNs ns, String ifname, Deque<AutoCloseable> undo) {
    CniBridge.Attachment att = new CniBridge.Attachment(n.name(), n.bridge(), id, new CniBridge.NetNsRef(ns.path()), ifname,
        e.ipv4(), n.subnet().prefixLength(), n.gateway(), Mtu.of(n));
    claims.claim(n, e);
    undo.push(() -> claims.release(n, e));
    bridges.beforeAttach(n.bridge());
    CniBridge.Result r = cni.add(att);
    undo.push(() -> cni.del(att));
    return new Attachment(n, e, att, r.mac());
  }

  /** The primary network (the one the mode names) first, then the others by name, as eth0, eth1, … */
  private static List<LocalNetworkService.Attached> ordered(List<LocalNetworkService.Attached> eps, NetworkConfig cfg) {
    String primary = cfg.primaryNetwork();
    return eps.stream().sorted(Comparator.comparing((LocalNetworkService.Attached a) ->
        a.network().name().equals(primary) || a.network().id().equals(primary) ? 0 : 1)
        .thenComparing(a -> a.network().name())).toList();
  }

  private List<PortPublisher.Bound> publish(Container c, NetworkConfig cfg, Attachment primary, Deque<AutoCloseable> undo) {
    List<PortPublisher.Bound> out = new ArrayList<>();
    for (PortMapping m : PublishedPorts.of(cfg, c.config().basic().exposedPorts())) {
      PortPublisher.Bound b = PortPublisher.publish(m, primary.endpoint().ipv4(), c.name().substring(1), c.id().hex(),
          defaults.userlandProxy());
      undo.push(b.handle());
      out.add(b);
    }
    if (!out.isEmpty()) loopbackDnat(primary.network());
    return out;
  }

  private Prepared joinContainer(Container c, NetworkConfig cfg) {
    ContainerDirectory.Member other = networks.directory().find(cfg.containerRef());
    if (other.id().equals(c.id().hex())) throw new ConflictException("cannot join own network namespace");
    if (!other.running()) throw new ConflictException("cannot join network namespace of a non running container: " + other.id());
    Live l = live.get(other.id());
    String path = l != null ? l.netns().path().toString() : "/proc/" + other.pid() + "/ns/net";
    String address = l != null ? l.attached().getFirst().endpoint().ipv4() : null;
    boolean user = l != null && l.attached().stream().anyMatch(a -> !a.network().predefined());
    NetworkConfig theirs = other.network();
    return new Prepared(setup(new NetworkMode.Join(path), address, theirs, hostsLines(theirs, List.of()), user), List.of());
  }

  private static NetworkSetup setup(NetworkMode mode, String address, NetworkConfig cfg, List<String> hosts, boolean embedded) {
    return new NetworkSetup(mode, address, hosts, cfg.dns(), cfg.dnsSearch(), cfg.dnsOptions(), embedded);
  }

  /** {@code --add-host} lines, then the links' lines. */
  private static List<String> hostsLines(NetworkConfig cfg, List<String> links) {
    List<String> out = new ArrayList<>();
    for (NetworkConfig.ExtraHost h : cfg.parsedExtraHosts()) out.add(h.ip() + "\t" + h.host());
    out.addAll(links);
    return out;
  }

  // ---- at exit ----

  /**
   * Undoes what a start set up ({@link #begin}): closes the proxies and DNS sockets, detaches each endpoint (CNI DEL), removes the
   * namespace and the port rules. Safe whatever was done, also after a berthd restart (from the run file).
   */
  public void release(String containerId) {
    ambassadors.stop(containerId);
    Live l = live.remove(containerId);
    claims.releaseAll(containerId);
    RunFiles.RunFile rf = runFiles.read(containerId);
    if (l != null) {
      l.ports().forEach(p -> PortPublisher.closeQuietly(p.handle()));
      PortPublisher.closeQuietly(l.dns());
    }
    Path nsPath = l != null ? l.netns().path() : rf != null ? Path.of(rf.netns()) : defaults.netnsDir().resolve(containerId);
    if (l != null || Files.exists(nsPath)) {
      List<LocalNetworkService.Attached> eps = networks.endpointsOf(containerId);
      if (NetnsUsers.othersUse(nsPath)) { // else the veths go with the namespace: no CNI DEL needed
        for (int i = eps.size() - 1; i >= 0; i--) detachQuietly(containerId, eps.get(i), nsPath, l);
      }
      new NetNs(nsPath).delete();
    }
    if ((l != null && !l.ports().isEmpty()) || (rf != null && !rf.ports().isEmpty())) applyFirewall();
    runFiles.delete(containerId);
  }

  /** CNI DEL of one endpoint, on the interface it has while up ({@code l}), else by the order of the endpoints. */
  private void detachQuietly(String id, LocalNetworkService.Attached a, Path ns, Live l) {
    try {
      Network n = a.network();
      String ifname = l == null ? "eth0" : l.attached().stream().filter(x -> x.network().id().equals(n.id()))
          .map(x -> x.cni().ifname()).findFirst().orElse("eth0");
      cni.del(new CniBridge.Attachment(n.name(), n.bridge(), id, new CniBridge.NetNsRef(ns), ifname, a.endpoint().ipv4(),
          n.subnet().prefixLength(), n.gateway(), Mtu.of(n)));
    } catch (RuntimeException e) {
      LOG.warn("detaching container {} from network {}: {}", id, a.network().name(), e.getMessage());
    }
  }

  // ---- live restore ----

  /** A running container found by a new berthd: its ports and DNS sockets died with the old one; bind them again. */
  public void restore(Container c) {
    String id = c.id().hex();
    RunFiles.RunFile rf = runFiles.read(id);
    restoreAmbassador(c, rf);
    if (rf == null || live.containsKey(id)) return;
    NetNs ns = new NetNs(Path.of(rf.netns()));
    List<Attachment> attached = new ArrayList<>();
    Map<String, String> ifnames = Ifnames.byAddress(ns);
    for (LocalNetworkService.Attached a : ordered(networks.endpointsOf(id), c.config().network())) {
      Network n = a.network();
      String ifname = ifnames.getOrDefault(a.endpoint().ipv4(), "eth" + attached.size());
      try {
        claims.claim(n, a.endpoint());
      } catch (ConflictException e) {
        LOG.warn("restoring container {}: {}", c.id().shortId(), e.getMessage());
      }
      attached.add(new Attachment(n, a.endpoint(), new CniBridge.Attachment(n.name(), n.bridge(), id,
          new CniBridge.NetNsRef(ns.path()), ifname, a.endpoint().ipv4(), n.subnet().prefixLength(), n.gateway(), Mtu.of(n)),
          a.endpoint().mac()));
    }
    if (attached.isEmpty()) return;
    List<PortPublisher.Bound> ports = new ArrayList<>();
    for (PortMapping m : rf.ports()) {
      try {
        ports.add(PortPublisher.publish(m, attached.getFirst().endpoint().ipv4(), c.name().substring(1), id, defaults.userlandProxy()));
      } catch (RuntimeException e) {
        LOG.warn("restoring published port {} of container {}: {}", m, c.id().shortId(), e.getMessage());
      }
    }
    AutoCloseable serving = null;
    if (attached.stream().anyMatch(a -> !a.network().predefined())) {
      try {
        serving = dns.serve(id, ns);
      } catch (RuntimeException e) {
        LOG.warn("restoring the embedded DNS of container {}: {}", c.id().shortId(), e.getMessage());
      }
    }
    if (!ports.isEmpty()) {
      try {
        loopbackDnat(attached.getFirst().network());
      } catch (RuntimeException e) {
        LOG.warn("restoring the published ports of container {}: {}", c.id().shortId(), e.getMessage());
      }
    }
    live.put(id, new Live(ns, attached, ports, serving));
    applyFirewallQuietly(null);
  }

  /**
   * Without the userland proxy, lets the bridge of {@code n} carry the DNAT-ed loopback connections to its
   * published ports ({@code route_localnet}); with the proxy, nothing.
   */
  private void loopbackDnat(Network n) {
    if (!defaults.userlandProxy()) RouteLocalnet.enable(n.bridge());
  }

  private void restoreAmbassador(Container c, RunFiles.RunFile rf) {
    try {
      ambassadors.restore(c.id().hex(), rf == null ? null : new NetNs(Path.of(rf.netns())));
    } catch (RuntimeException e) {
      LOG.warn("restoring the ambassador listeners of container {}: {}", c.id().shortId(), e.getMessage());
    }
  }

  // ---- views ----

  /** The published ports with their actual host ports while the container's network is up. */
  public List<PortMapping> ports(String containerId) {
    Live l = live.get(containerId);
    if (l != null) return l.ports().stream().map(PortPublisher.Bound::mapping).toList();
    RunFiles.RunFile rf = runFiles.read(containerId);
    return rf == null ? List.of() : rf.ports();
  }

  /** The namespace path while up, else null. */
  public String sandboxKey(String containerId) {
    Live l = live.get(containerId);
    return l == null ? null : l.netns().path().toString();
  }

  /** The MAC the container's interface has on {@code networkId} while up, else null. */
  public String mac(String containerId, String networkId) {
    Live l = live.get(containerId);
    if (l == null) return null;
    return l.attached().stream().filter(a -> a.network().id().equals(networkId)).map(Attachment::mac).findFirst().orElse(null);
  }

  public LocalNetworkService networks() {
    return networks;
  }

  // ---- hooks from the network service ----

  @Override
  public void created(Network network) {
    applyFirewall();
  }

  @Override
  public void removed(Network network) {
    applyFirewall();
    if (network.bridge() != null && bridges.owned(network.bridge())) {
      cni.deleteBridge(network.bridge());
      bridges.forget(network.bridge());
    }
  }

  @Override
  public synchronized void connected(Network network, Endpoint endpoint) {
    Live l = live.get(endpoint.containerId());
    if (l == null) return;
    Deque<AutoCloseable> undo = new ArrayDeque<>();
    String ifname = Ifnames.free(l.attached().stream().map(x -> x.cni().ifname()).toList());
    Attachment a = attach(endpoint.containerId(), network, endpoint, l.netns(), ifname, undo);
    List<Attachment> all = new ArrayList<>(l.attached());
    all.add(a);
    AutoCloseable serving = l.dns();
    if (serving == null && !network.predefined()) {
      try {
        serving = dns.serve(endpoint.containerId(), l.netns());
      } catch (RuntimeException e) {
        undoAll(undo, e);
        throw e;
      }
    }
    live.put(endpoint.containerId(), new Live(l.netns(), all, l.ports(), serving));
  }

  @Override
  public synchronized void disconnected(Network network, Endpoint endpoint) {
    Live l = live.get(endpoint.containerId());
    if (l == null) return;
    List<Attachment> rest = new ArrayList<>();
    for (Attachment a : l.attached()) {
      if (a.network().id().equals(network.id())) {
        cni.del(a.cni());
        claims.release(network, a.endpoint());
      } else {
        rest.add(a);
      }
    }
    live.put(endpoint.containerId(), new Live(l.netns(), rest, l.ports(), l.dns()));
  }

  // ---- firewall ----

  /** Regenerates the daemon's rules from every bridge network and every published port, and applies them. */
  void applyFirewall() {
    synchronized (firewallLock) {
      List<FirewallState.BridgeNet> nets = networks.all().stream().map(NetworkState::network).filter(Network::isBridge)
          .map(n -> new FirewallState.BridgeNet(n.bridge(), n.subnet(), n.internal())).toList();
      List<FirewallState.PublishedPort> ports = new ArrayList<>();
      live.forEach((id, l) -> {
        Attachment p = l.attached().isEmpty() ? null : l.attached().getFirst();
        for (PortPublisher.Bound b : p == null ? List.<PortPublisher.Bound>of() : l.ports()) {
          PortMapping m = b.mapping();
          ports.add(new FirewallState.PublishedPort(m.protocol(), m.hostIp(), m.hostPort(), p.endpoint().ipv4(),
              m.containerPort(), p.network().bridge(), id.substring(0, 12)));
        }
      });
      firewall.apply(new FirewallState(nets, ports));
    }
  }

  private void applyFirewallQuietly(Exception cause) {
    try {
      applyFirewall();
    } catch (RuntimeException e) {
      if (cause != null) cause.addSuppressed(e);
      else LOG.warn("applying the firewall rules: {}", e.getMessage());
    }
  }

  private static void undoAll(Deque<AutoCloseable> undo, Exception cause) {
    while (!undo.isEmpty()) {
      try {
        undo.pop().close();
      } catch (Exception e) {
        cause.addSuppressed(e);
      }
    }
  }

  /**
   * Stops the DNS server and the proxies. With containers on the networks, their namespaces, the rules and the bridges
   * stay (live restore finds them); with none, the daemon's chains and bridges go too ({@link CleanStop}).
   */
  @Override
  public void close() {
    java.util.Set<String> running = new java.util.TreeSet<>(live.keySet());
    ambassadors.close();
    for (Live l : live.values()) l.ports().forEach(p -> PortPublisher.closeQuietly(p.handle()));
    live.clear();
    dns.close();
    try {
      running.addAll(runFiles.ids());
      CleanStop.run(List.copyOf(running), firewall, cni, networks.all().stream().map(NetworkState::network).toList(), bridges);
    } catch (RuntimeException e) {
      LOG.warn("while stopping, keeping the bridges and iptables chains: {}", e.getMessage());
    }
  }
}
