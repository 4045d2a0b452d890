package dev.berth.engine.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.errors.SystemException;
import dev.berth.network.Endpoint;
import dev.berth.network.Network;
import dev.berth.network.Subnet;
import dev.berth.oci.Json;
import dev.berth.sys.AtomicWrite;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The networks on disk: {@code <dataRoot>/networks/<id>.json}, one file per network holding its endpoints (so the
 * addresses survive a restart). Written atomically (temp file, rename) without forcing it to disk, as the
 * container store writes its records: a file is always whole, old or new, and survives a crash of berthd (the page
 * cache keeps it); only a crash of the machine can lose the last change, and then the container records lose
 * theirs too (a start re-allocates a missing endpoint). An fsync per create and per remove of a container cost
 * 8-11 ms each on this machine. A leftover temp file is deleted at load and an unreadable file is logged and
 * skipped, never deleted. Not thread-safe: the service's lock owns it.
 */
final class NetworkStore {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkStore.class);
  private static final String SUFFIX = ".json";

  private final Path root;

  NetworkStore(Path root) {
    this.root = root;
  }

  /** The stored form; the model records stay free of JSON names. */
  record StoredNetwork(
      @JsonProperty("Id") String id, @JsonProperty("Name") String name, @JsonProperty("Driver") String driver,
      @JsonProperty("Bridge") String bridge, @JsonProperty("Subnet") String subnet, @JsonProperty("Gateway") String gateway,
      @JsonProperty("Internal") boolean internal, @JsonProperty("Labels") Map<String, String> labels,
      @JsonProperty("Options") Map<String, String> options, @JsonProperty("Created") String created,
      @JsonProperty("Predefined") boolean predefined, @JsonProperty("Endpoints") List<StoredEndpoint> endpoints) {

    static StoredNetwork of(NetworkState s) {
      Network n = s.network();
      List<StoredEndpoint> eps = s.endpoints().values().stream()
          .map(e -> new StoredEndpoint(e.containerId(), e.ipv4(), e.mac(), e.aliases())).toList();
      return new StoredNetwork(n.id(), n.name(), n.driver(), n.bridge(), n.subnet() == null ? null : n.subnet().toString(),
          n.gateway(), n.internal(), n.labels(), n.options(), n.created().toString(), n.predefined(), eps);
    }

    NetworkState toState() {
      Network n = new Network(id, name, driver, bridge, subnet == null ? null : Subnet.parse(subnet), gateway, internal,
          labels, options, Instant.parse(created), predefined);
      Map<String, Endpoint> eps = new LinkedHashMap<>();
      for (StoredEndpoint e : endpoints == null ? List.<StoredEndpoint>of() : endpoints) {
        eps.put(e.containerId(), new Endpoint(id, e.containerId(), e.ipv4(), e.mac(), e.aliases()));
      }
      return new NetworkState(n, eps);
    }
  }

  record StoredEndpoint(@JsonProperty("ContainerId") String containerId, @JsonProperty("IPv4") String ipv4,
      @JsonProperty("Mac") String mac, @JsonProperty("Aliases") List<String> aliases) {}

  List<NetworkState> load() {
    List<NetworkState> out = new ArrayList<>();
    try {
      Files.createDirectories(root);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(root)) {
        for (Path f : files) {
          String name = f.getFileName().toString();
          if (name.startsWith(".")) {
            Files.deleteIfExists(f);
          } else if (name.endsWith(SUFFIX)) {
            read(f, out);
          }
        }
      }
    } catch (IOException e) {
      throw new SystemException("load networks from " + root + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static void read(Path f, List<NetworkState> out) throws IOException {
    try {
      out.add(Json.read(Files.readAllBytes(f), StoredNetwork.class).toState());
    } catch (RuntimeException e) {
      LOG.warn("skipping network file {}: {}", f, e.getMessage());
    }
  }

  void save(NetworkState s) {
    Path file = root.resolve(s.id() + SUFFIX);
    try {
      Files.createDirectories(root);
      AtomicWrite.replace(file, Json.write(StoredNetwork.of(s)), AtomicWrite.Durability.LAZY);
    } catch (IOException e) {
      throw new SystemException("save network " + s.name() + " to " + file + ": " + e.getMessage(), e);
    }
  }

  void delete(String id) {
    try {
      Files.deleteIfExists(root.resolve(id + SUFFIX));
    } catch (IOException e) {
      throw new SystemException("remove network " + id + ": " + e.getMessage(), e);
    }
  }
}
