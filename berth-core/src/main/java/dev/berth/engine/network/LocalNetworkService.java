package dev.berth.engine.network;

import dev.berth.engine.NetworkService;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.network.Endpoint;
import dev.berth.network.Mtu;
import dev.berth.network.Network;
import dev.berth.network.NetworkDefaults;
import dev.berth.network.Subnet;
import dev.berth.runtime.container.NetworkConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The networks of this daemon with Docker's semantics: the predefined {@code bridge} (the daemon's bridge and
 * subnet from {@link NetworkDefaults}), {@code host} and {@code none} always exist; user bridge networks get a
 * subnet from the pool unless given one, never overlapping another. A container's endpoints (addresses) are
 * allocated when it is created or connected and released when it is removed or disconnected, and stored with the
 * network, so they survive a restart. One lock owns the state; host work ({@link NetworkHooks}) runs outside it.
 */
public final class LocalNetworkService implements NetworkService {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final NetworkStore store;
  private final NetworkDefaults defaults;
  private final EventBus events;
  private final Object lock = new Object();
  private final Map<String, NetworkState> networks = new LinkedHashMap<>();
  private volatile ContainerDirectory directory = ContainerDirectory.EMPTY;
  private volatile NetworkHooks hooks = NetworkHooks.NONE;

  private LocalNetworkService(NetworkStore store, NetworkDefaults defaults, EventBus events) {
    this.store = store;
    this.defaults = defaults;
    this.events = events;
  }

  /** Opens the networks under {@code root} ({@code <dataRoot>/networks}), making the predefined ones if missing. */
  public static LocalNetworkService open(Path root, NetworkDefaults defaults, EventBus events) {
    LocalNetworkService s = new LocalNetworkService(new NetworkStore(root), defaults, events);
    for (NetworkState n : s.store.load()) s.networks.put(n.id(), n);
    s.ensurePredefined();
    return s;
  }

  private void ensurePredefined() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    NetworkState bridge = byName("bridge");
    Subnet sub = defaults.subnet();
    Network wanted = new Network(bridge == null ? newId() : bridge.id(), "bridge", "bridge", defaults.bridge(), sub,
        Subnet.dotted(sub.at(1)), false, Map.of(), Map.of(Mtu.OPTION, String.valueOf(defaults.mtu())),
        bridge == null ? now : bridge.network().created(), true);
    if (bridge == null || (!bridge.network().equals(wanted) && bridge.endpoints().isEmpty())) {
      put(new NetworkState(wanted, Map.of()));
    } else if (!bridge.network().equals(wanted) && sameAddresses(bridge.network(), wanted)) {
      put(new NetworkState(wanted, bridge.endpoints())); // a new --mtu: the endpoints stay valid
    }
    if (byName("host") == null) put(new NetworkState(new Network(newId(), "host", "host", null, null, null, false, null, null, now, true), Map.of()));
    if (byName("none") == null) put(new NetworkState(new Network(newId(), "none", "null", null, null, null, false, null, null, now, true), Map.of()));
  }

  /** Whether the endpoints of {@code a} still fit {@code b}: the same bridge, subnet and gateway. */
  private static boolean sameAddresses(Network a, Network b) {
    return a.bridge().equals(b.bridge()) && a.subnet().equals(b.subnet()) && a.gateway().equals(b.gateway());
  }

  /** Sets who the containers are (the container service, made after this one). */
  public void useDirectory(ContainerDirectory d) {
    this.directory = d;
  }

  void useHooks(NetworkHooks h) {
    this.hooks = h;
  }

  public NetworkDefaults defaults() {
    return defaults;
  }

  private static String newId() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private void put(NetworkState s) {
    store.save(s);
    networks.put(s.id(), s);
  }

  private NetworkState byName(String name) {
    return networks.values().stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
  }

  /** By full ID, then name, then unique ID prefix, as Docker resolves a network reference. */
  NetworkState find(String ref) {
    synchronized (lock) {
      if (ref == null || ref.isEmpty()) throw new NotFoundException("network " + ref + " not found");
      NetworkState s = networks.get(ref);
      if (s == null) s = byName(ref);
      if (s != null) return s;
      List<NetworkState> prefixed = networks.values().stream().filter(n -> n.id().startsWith(ref)).toList();
      if (prefixed.size() > 1) throw new ConflictException("network " + ref + " is ambiguous (" + prefixed.size() + " matches found based on ID prefix)");
      if (prefixed.isEmpty()) throw new NotFoundException("network " + ref + " not found");
      return prefixed.getFirst();
    }
  }

  @Override
  public List<NetworkView> list(Map<String, List<String>> filters) {
    List<NetworkState> all;
    synchronized (lock) {
      all = List.copyOf(networks.values());
    }
    return all.stream().filter(n -> NetworkFilters.matches(n.network(), filters)).map(this::view).toList();
  }

  @Override
  public NetworkView inspect(String ref) {
    return view(find(ref));
  }

  private NetworkView view(NetworkState s) {
    Map<String, EndpointView> eps = new LinkedHashMap<>();
    for (Endpoint e : s.endpoints().values()) {
      ContainerDirectory.Member m = directory.byId(e.containerId());
      eps.put(e.containerId(), new EndpointView(m == null ? "" : m.name(), e));
    }
    return new NetworkView(s.network(), eps);
  }

  @Override
  public NetworkView create(CreateRequest r) {
    NetworkState made;
    synchronized (lock) {
      made = new NetworkState(newNetwork(r), Map.of());
      put(made);
    }
    try {
      hooks.created(made.network());
    } catch (RuntimeException e) {
      synchronized (lock) {
        networks.remove(made.id());
        store.delete(made.id());
      }
      throw e;
    }
    events.publish("network", "create", made.id(), Map.of("name", made.name(), "type", "bridge"));
    return view(made);
  }

  private Network newNetwork(CreateRequest r) {
    String name = r.name();
    if (name == null || !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
      throw new InvalidArgumentException("invalid network name \"" + name + "\": must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
    }
    String driver = r.driver() == null || r.driver().isEmpty() ? "bridge" : r.driver();
    if (!driver.equals("bridge")) {
      throw new InvalidArgumentException("create network " + name + ": plugin \"" + driver + "\" not found (only the bridge driver is supported)");
    }
    if (byName(name) != null) throw new ConflictException("network with name " + name + " already exists");
    List<Subnet> used = networks.values().stream().map(n -> n.network().subnet()).filter(s -> s != null).toList();
    Subnet subnet = subnet(r, used);
    String gateway = gateway(r, subnet);
    String id = newId();
    Map<String, String> options = r.options() == null ? Map.of() : r.options();
    if (options.containsKey(Mtu.OPTION)) Mtu.parse(options.get(Mtu.OPTION), "create network " + name + ": option " + Mtu.OPTION);
    String bridge = options.getOrDefault("com.docker.network.bridge.name", defaults.bridgePrefix() + id.substring(0, 8));
    return new Network(id, name, driver, bridge, subnet, gateway, r.internal(), r.labels(), options,
        Instant.now().truncatedTo(ChronoUnit.SECONDS), false);
  }

  private Subnet subnet(CreateRequest r, List<Subnet> used) {
    if (r.subnet() == null || r.subnet().isEmpty()) {
      if (r.gateway() != null && !r.gateway().isEmpty()) {
        throw new InvalidArgumentException("create network " + r.name() + ": a gateway needs a subnet (--subnet)");
      }
      return Ipam.freeSubnet(defaults.pool(), used);
    }
    Subnet s = Subnet.parse(r.subnet());
    for (Subnet u : used) {
      if (u.overlaps(s)) throw new ConflictException("Pool overlaps with other one on this address space: " + s + " overlaps " + u);
    }
    return s;
  }

  private static String gateway(CreateRequest r, Subnet subnet) {
    if (r.gateway() == null || r.gateway().isEmpty()) return Subnet.dotted(subnet.at(1));
    long g = Subnet.address(r.gateway());
    if (!subnet.contains(g) || g == subnet.at(0) || g == subnet.at(subnet.size() - 1)) {
      throw new InvalidArgumentException("create network " + r.name() + ": no matching subnet for gateway " + r.gateway());
    }
    return r.gateway();
  }

  @Override
  public void remove(String ref) {
    NetworkState s;
    synchronized (lock) {
      s = find(ref);
      checkRemovable(s);
      store.delete(s.id());
      networks.remove(s.id());
    }
    hooks.removed(s.network());
    events.publish("network", "destroy", s.id(), Map.of("name", s.name(), "type", "bridge"));
  }

  private static void checkRemovable(NetworkState s) {
    if (s.network().predefined()) {
      throw new ConflictException(s.name() + " is a pre-defined network and cannot be removed");
    }
    if (!s.endpoints().isEmpty()) {
      throw new ConflictException("error while removing network: network " + s.name() + " id " + s.id() + " has active endpoints");
    }
  }

  @Override
  public List<String> prune(Map<String, List<String>> filters) {
    List<String> removed = new ArrayList<>();
    for (NetworkView v : list(filters)) {
      Network n = v.network();
      if (n.predefined() || !v.containers().isEmpty()) continue;
      try {
        remove(n.id());
        removed.add(n.name());
      } catch (ConflictException | NotFoundException e) {
        // connected or removed meanwhile: not pruned
      }
    }
    return removed;
  }

  @Override
  public void connect(String networkRef, String containerRef, List<String> aliases, String ipv4) {
    ContainerDirectory.Member m = directory.find(containerRef);
    NetworkState s = find(networkRef);
    checkConnectable(s, m, aliases, ipv4);
    Endpoint e = allocate(s.id(), m.id(), aliases, ipv4);
    if (m.running()) {
      try {
        hooks.connected(s.network(), e);
      } catch (RuntimeException ex) {
        release(s.id(), m.id());
        throw ex;
      }
    }
    events.publish("network", "connect", s.id(), Map.of("container", m.id(), "name", s.name(), "type", "bridge"));
  }

  private static void checkConnectable(NetworkState s, ContainerDirectory.Member m, List<String> aliases, String ipv4) {
    checkConnectable(s, m.id(), m.name(), m.network(), aliases, ipv4);
  }

  private static void checkConnectable(NetworkState s, String id, String name, NetworkConfig nc, List<String> aliases,
      String ipv4) {
    if (s.name().equals("host")) throw new ConflictException("container cannot be disconnected from host network or connected to host network");
    if (s.name().equals("none")) {
      throw new ConflictException("container cannot be connected to multiple networks with one of the networks in private (none) mode");
    }
    if (nc.isHost() || nc.isNone() || nc.isContainerMode()) {
      throw new ConflictException("container sharing network namespace with another container or host cannot be connected to any other network");
    }
    if (s.name().equals("bridge")) {
      if (aliases != null && !aliases.isEmpty()) throw new InvalidArgumentException("network-scoped alias is supported only for containers in user defined networks");
      if (ipv4 != null && !ipv4.isEmpty()) throw new InvalidArgumentException("user specified IP address is supported on user defined networks only");
    }
    if (s.endpoints().containsKey(id)) {
      throw new ConflictException("endpoint with name " + name + " already exists in network " + s.name());
    }
  }

  @Override
  public void disconnect(String networkRef, String containerRef, boolean force) {
    NetworkState s = find(networkRef);
    ContainerDirectory.Member m;
    try {
      m = directory.find(containerRef);
    } catch (NotFoundException e) {
      if (!force) throw e;
      m = null;
    }
    if (s.name().equals("host")) throw new ConflictException("container cannot be disconnected from host network or connected to host network");
    String id = m == null ? containerRef : m.id();
    Endpoint e = s.endpoints().get(id);
    if (e == null) throw new ConflictException("container " + id + " is not connected to network " + s.name());
    if (m != null && m.running()) hooks.disconnected(s.network(), e);
    release(s.id(), id);
    events.publish("network", "disconnect", s.id(), Map.of("container", id, "name", s.name(), "type", "bridge"));
  }

  // ---- for the container side ----

  /**
   * Allocates {@code containerId}'s endpoints at create: on the network its mode names (the default bridge or a user
   * network) and on each further network in its endpoints config. Nothing for host, none and {@code container:}.
   * On failure nothing stays allocated.
   */
  public void attachAtCreate(String containerId, NetworkConfig config) {
    if (config.isHost() || config.isNone() || config.isContainerMode()) return;
    List<String> wanted = new ArrayList<>();
    wanted.add(config.primaryNetwork());
    config.endpoints().keySet().stream().filter(n -> !n.equals(config.primaryNetwork()) && !n.equals(config.mode())).forEach(wanted::add);
    List<String> done = new ArrayList<>();
    try {
      for (String ref : wanted) {
        NetworkState s = find(ref);
        NetworkConfig.EndpointConfig ec = config.endpoints().containsKey(ref) ? config.endpoint(ref) : config.endpoint(s.name());
        if (!s.network().isBridge()) throw new InvalidArgumentException("container cannot be connected to network " + s.name() + " as well as " + config.mode());
        checkConnectable(s, containerId, containerId, config, ec.aliases(), ec.ipv4());
        allocate(s.id(), containerId, ec.aliases(), ec.ipv4());
        done.add(s.id());
      }
    } catch (RuntimeException e) {
      for (String id : done) release(id, containerId);
      throw e;
    }
  }

  /** Releases every endpoint of {@code containerId} (it is removed). */
  public void detachAll(String containerId) {
    List<String> on;
    synchronized (lock) {
      on = networks.values().stream().filter(n -> n.endpoints().containsKey(containerId)).map(NetworkState::id).toList();
    }
    for (String id : on) release(id, containerId);
  }

  /** The container's endpoints with their networks, the primary (first connected) first. */
  public List<Attached> endpointsOf(String containerId) {
    synchronized (lock) {
      List<Attached> out = new ArrayList<>();
      for (NetworkState s : networks.values()) {
        Endpoint e = s.endpoints().get(containerId);
        if (e != null) out.add(new Attached(s.network(), e));
      }
      return List.copyOf(out);
    }
  }

  /** One endpoint of a container with its network. */
  public record Attached(Network network, Endpoint endpoint) {}

  /** Every network with its endpoints, for the firewall and DNS. */
  List<NetworkState> all() {
    synchronized (lock) {
      return List.copyOf(networks.values());
    }
  }

  ContainerDirectory directory() {
    return directory;
  }

  private Endpoint allocate(String networkId, String containerId, List<String> aliases, String ipv4) {
    java.util.Set<String> stopped = stoppedHolders(networkId, ipv4);
    synchronized (lock) {
      NetworkState s = networks.get(networkId);
      if (s == null) throw new NotFoundException("network " + networkId + " not found");
      if (s.endpoints().containsKey(containerId)) throw new ConflictException("endpoint for container " + containerId + " already exists in network " + s.name());
      String ip = Ipam.allocate(s.name(), s.network().subnet(), s.network().gateway(), s.endpoints().values(), ipv4,
          e -> !stopped.contains(e.containerId()));
      Endpoint e = new Endpoint(s.id(), containerId, ip, Ipam.mac(ip), aliases);
      put(s.with(e));
      return e;
    }
  }

  /**
   * The containers that hold the requested address {@code ipv4} on the network but do not run: they do not keep it
   * from a new container (see {@link Ipam}). Asked outside the lock: the directory is the container service.
   */
  private java.util.Set<String> stoppedHolders(String networkId, String ipv4) {
    if (ipv4 == null || ipv4.isEmpty()) return java.util.Set.of();
    List<String> holders;
    synchronized (lock) {
      NetworkState s = networks.get(networkId);
      if (s == null) return java.util.Set.of();
      holders = s.endpoints().values().stream().filter(e -> ipv4.equals(e.ipv4())).map(Endpoint::containerId).toList();
    }
    java.util.Set<String> out = new java.util.HashSet<>();
    for (String id : holders) {
      ContainerDirectory.Member m = directory.byId(id);
      if (m != null && !m.running()) out.add(id);
    }
    return out;
  }

  private void release(String networkId, String containerId) {
    synchronized (lock) {
      NetworkState s = networks.get(networkId);
      if (s != null && s.endpoints().containsKey(containerId)) put(s.without(containerId));
    }
  }
}
