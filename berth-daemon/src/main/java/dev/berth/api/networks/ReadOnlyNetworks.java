package dev.berth.api.networks;

import dev.berth.engine.NetworkService;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.network.Network;
import dev.berth.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Docker's three predefined networks, read only, for a daemon whose engine has no network service (no
 * networking on this host): {@code bridge}, {@code host} and {@code none}, IDs stable per daemon (the sha256 of
 * the engine ID and the name). Every change answers a SystemException saying networking is unavailable.
 */
public final class ReadOnlyNetworks implements NetworkService {
  private final List<Network> all;

  public ReadOnlyNetworks(String engineId) {
    this.all = List.of(network(engineId, "bridge", "bridge"), network(engineId, "host", "host"), network(engineId, "none", "null"));
  }

  private static Network network(String engineId, String name, String driver) {
    String id = Digest.sha256((engineId + "/" + name).getBytes(StandardCharsets.UTF_8)).encoded();
    return new Network(id, name, driver, null, null, null, false, Map.of(), Map.of(), Instant.EPOCH, true);
  }

  @Override
  public List<NetworkView> list(Map<String, List<String>> filters) {
    return all.stream().filter(n -> matches(n, filters)).map(n -> new NetworkView(n, Map.of())).toList();
  }

  private static boolean matches(Network n, Map<String, List<String>> filters) {
    for (var e : filters.entrySet()) {
      if (e.getValue().isEmpty()) continue;
      boolean any = e.getValue().stream().anyMatch(v -> switch (e.getKey()) {
        case "name" -> n.name().contains(v);
        case "id" -> n.id().startsWith(v);
        case "driver" -> n.driver().equals(v);
        case "type" -> v.equals("builtin");
        case "scope" -> v.equals("local");
        case "label" -> false;
        default -> throw new InvalidArgumentException("invalid filter '" + e.getKey() + "'");
      });
      if (!any) return false;
    }
    return true;
  }

  @Override
  public NetworkView inspect(String ref) {
    return all.stream()
        .filter(n -> n.name().equals(ref) || n.id().equals(ref))
        .findFirst()
        .or(() -> ref.isEmpty() ? java.util.Optional.empty() : all.stream().filter(n -> n.id().startsWith(ref)).findFirst())
        .map(n -> new NetworkView(n, Map.of()))
        .orElseThrow(() -> new NotFoundException("network " + ref + " not found"));
  }

  @Override
  public NetworkView create(CreateRequest request) {
    throw unavailable("create network " + request.name());
  }

  @Override
  public void remove(String ref) {
    throw unavailable("remove network " + ref);
  }

  @Override
  public void connect(String networkRef, String containerRef, List<String> aliases, String ipv4) {
    throw unavailable("connect " + containerRef + " to network " + networkRef);
  }

  @Override
  public void disconnect(String networkRef, String containerRef, boolean force) {
    throw unavailable("disconnect " + containerRef + " from network " + networkRef);
  }

  @Override
  public List<String> prune(Map<String, List<String>> filters) {
    return List.of();
  }

  private static SystemException unavailable(String action) {
    return new SystemException(action + ": networking is not available in this daemon");
  }
}
