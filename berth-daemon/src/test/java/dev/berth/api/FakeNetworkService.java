package dev.berth.api;

import dev.berth.engine.ContainerView;
import dev.berth.engine.NetworkService;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.network.Endpoint;
import dev.berth.network.Network;
import dev.berth.network.Subnet;
import dev.berth.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Networks in memory with the engine's contract (predefined bridge/host/none; user bridges on 10.99.N.0/24
 * unless given a subnet; addresses from .2 up), containers looked up in the fake container service. Records the
 * calls so route tests can check what reached the engine.
 */
public final class FakeNetworkService implements NetworkService {
  public final List<String> calls = new ArrayList<>();
  public CreateRequest lastCreate;
  private final FakeContainerService containers;
  private final Map<String, Network> networks = new LinkedHashMap<>();
  private final Map<String, Map<String, EndpointView>> endpoints = new LinkedHashMap<>();
  private int nextSubnet = 1;

  public FakeNetworkService(FakeContainerService containers) {
    this.containers = containers;
    put(network("bridge", "bridge", Subnet.parse("172.30.0.0/16"), false, Map.of(), true));
    put(network("host", "host", null, false, Map.of(), true));
    put(network("none", "null", null, false, Map.of(), true));
  }

  private static Network network(String name, String driver, Subnet subnet, boolean internal, Map<String, String> labels,
      boolean predefined) {
    String id = Digest.sha256(("fake/" + name).getBytes(StandardCharsets.UTF_8)).encoded();
    return new Network(id, name, driver, subnet == null ? null : "bt" + name, subnet,
        subnet == null ? null : Subnet.dotted(subnet.at(1)), internal, labels, Map.of(), Instant.parse("2026-11-28T10:00:00Z"),
        predefined);
  }

  private void put(Network n) {
    networks.put(n.id(), n);
    endpoints.put(n.id(), new LinkedHashMap<>());
  }

  @Override
  public synchronized List<NetworkView> list(Map<String, List<String>> filters) {
    calls.add("list " + new java.util.TreeMap<>(filters));
    List<String> names = filters.getOrDefault("name", List.of());
    List<String> types = filters.getOrDefault("type", List.of());
    return networks.values().stream()
        .filter(n -> names.isEmpty() || names.stream().anyMatch(n.name()::contains))
        .filter(n -> types.isEmpty() || types.contains(n.predefined() ? "builtin" : "custom"))
        .map(this::view)
        .toList();
  }

  private NetworkView view(Network n) {
    return new NetworkView(n, endpoints.get(n.id()));
  }

  private Network find(String ref) {
    for (Network n : networks.values()) if (n.id().equals(ref) || n.name().equals(ref)) return n;
    List<Network> byPrefix = networks.values().stream().filter(n -> !ref.isEmpty() && n.id().startsWith(ref)).toList();
    if (byPrefix.size() == 1) return byPrefix.getFirst();
    throw new NotFoundException("network " + ref + " not found");
  }

  @Override
  public synchronized NetworkView inspect(String ref) {
    return view(find(ref));
  }

  @Override
  public synchronized NetworkView create(CreateRequest r) {
    calls.add("create " + r.name());
    lastCreate = r;
    if (networks.values().stream().anyMatch(n -> n.name().equals(r.name()))) {
      throw new ConflictException("network with name " + r.name() + " already exists");
    }
    if (!"bridge".equals(r.driver())) throw new InvalidArgumentException("plugin \"" + r.driver() + "\" not found");
    Subnet subnet = r.subnet() == null ? Subnet.parse("10.99." + nextSubnet++ + ".0/24") : Subnet.parse(r.subnet());
    Network n = network(r.name(), "bridge", subnet, r.internal(), r.labels(), false);
    put(n);
    return view(n);
  }

  @Override
  public synchronized void remove(String ref) {
    Network n = find(ref);
    calls.add("remove " + n.name());
    if (n.predefined()) throw new ConflictException(n.name() + " is a pre-defined network and cannot be removed");
    if (!endpoints.get(n.id()).isEmpty()) throw new ConflictException("error while removing network: network " + n.name() + " has active endpoints");
    networks.remove(n.id());
    endpoints.remove(n.id());
  }

  @Override
  public synchronized void connect(String networkRef, String containerRef, List<String> aliases, String ipv4) {
    Network n = find(networkRef);
    ContainerView c = containers.inspect(containerRef);
    String id = c.container().id().hex();
    calls.add("connect " + n.name() + " " + bare(c.container().name()) + " " + aliases + " " + ipv4);
    Map<String, EndpointView> eps = endpoints.get(n.id());
    if (eps.containsKey(id)) throw new ConflictException("endpoint with name " + c.container().name() + " already exists in network " + n.name());
    String ip = ipv4 != null ? ipv4 : Subnet.dotted(n.subnet().at(eps.size() + 2));
    eps.put(id, new EndpointView(c.container().name(), new Endpoint(n.id(), id, ip, "02:42:0a:63:01:02", aliases)));
  }

  @Override
  public synchronized void disconnect(String networkRef, String containerRef, boolean force) {
    Network n = find(networkRef);
    ContainerView c = containers.inspect(containerRef);
    calls.add("disconnect " + n.name() + " " + bare(c.container().name()) + " " + force);
    if (endpoints.get(n.id()).remove(c.container().id().hex()) == null) {
      throw new InvalidArgumentException("container " + c.container().id() + " is not connected to network " + n.name());
    }
  }

  @Override
  public synchronized List<String> prune(Map<String, List<String>> filters) {
    calls.add("prune " + filters);
    List<String> removed = new ArrayList<>();
    for (Network n : List.copyOf(networks.values())) {
      if (!n.predefined() && endpoints.get(n.id()).isEmpty()) {
        networks.remove(n.id());
        endpoints.remove(n.id());
        removed.add(n.name());
      }
    }
    return removed;
  }

  private static String bare(String name) {
    return name.startsWith("/") ? name.substring(1) : name;
  }
}
