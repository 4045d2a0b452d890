package dev.berth.api.networks;

import dev.berth.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One of Docker's predefined networks, as Berth offers them today: {@code bridge} (the default mode: a
 * container gets its own network namespace, with only loopback until bridge networking lands), {@code host}
 * (the host's namespace) and {@code none} (its own namespace, loopback only). Their IDs are stable per daemon:
 * the sha256 of the engine ID and the name.
 */
record PredefinedNetwork(String name, String driver) {
  static final List<PredefinedNetwork> ALL = List.of(
      new PredefinedNetwork("bridge", "bridge"), new PredefinedNetwork("host", "host"), new PredefinedNetwork("none", "null"));

  String id(String engineId) {
    return Digest.sha256((engineId + "/" + name).getBytes(StandardCharsets.UTF_8)).encoded();
  }
}
