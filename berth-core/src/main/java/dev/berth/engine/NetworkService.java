package dev.berth.engine;

import dev.berth.network.Endpoint;
import dev.berth.network.Network;
import java.util.List;
import java.util.Map;

/**
 * Networks with Docker's semantics. A {@code ref} is a full ID, a name, or an unambiguous ID prefix. The three
 * predefined networks (bridge, host, none) always exist and cannot be removed. Errors: NotFoundException
 * ("network x not found"), ConflictException (name taken, network in use, overlapping subnet, container
 * already connected), InvalidArgumentException (bad subnet, gateway outside it, unsupported driver).
 * Every change publishes a network event (create, destroy, connect, disconnect).
 */
public interface NetworkService {
  List<NetworkView> list(Map<String, List<String>> filters);

  NetworkView inspect(String ref);

  /** {@code network create}; the subnet is taken from the daemon's pool when not given. */
  NetworkView create(CreateRequest request);

  /** ConflictException while a container is connected. */
  void remove(String ref);

  /** Connects a container (running or not) to a user network, with aliases and an optional fixed address. */
  void connect(String networkRef, String containerRef, List<String> aliases, String ipv4);

  void disconnect(String networkRef, String containerRef, boolean force);

  /** Removes user networks no container is connected to; returns their names. */
  List<String> prune(Map<String, List<String>> filters);

  /**
   * @param driver {@code bridge} (the default) only, for user networks
   * @param subnet CIDR or null; @param gateway dotted or null (the subnet's first address)
   */
  record CreateRequest(String name, String driver, String subnet, String gateway, boolean internal,
      Map<String, String> labels, Map<String, String> options, boolean checkDuplicate) {}

  /** A network with its endpoints (container ID to endpoint), as inspect shows it. */
  record NetworkView(Network network, Map<String, EndpointView> containers) {
    public NetworkView {
      containers = Map.copyOf(containers);
    }
  }

  /** One container on the network: its name and endpoint. */
  record EndpointView(String containerName, Endpoint endpoint) {}
}
