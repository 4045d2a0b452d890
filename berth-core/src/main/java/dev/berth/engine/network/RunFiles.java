package dev.berth.engine.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.errors.SystemException;
import dev.berth.network.PortMapping;
import dev.berth.oci.Json;
import dev.berth.sys.AtomicWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a running container's networking needs to be found again by the next berthd (live restore), under the exec
 * root ({@code <execRoot>/network/<id>.json}): its namespace and the host ports it got (a random one must come back
 * the same). Written when the network is up, deleted when it is released.
 */
final class RunFiles {
  private final Path dir;

  RunFiles(Path dir) {
    this.dir = dir;
  }

  record RunFile(@JsonProperty("Netns") String netns, @JsonProperty("Ports") List<PortMapping> ports) {
    RunFile {
      ports = ports == null ? List.of() : List.copyOf(ports);
    }
  }

  void write(String id, RunFile f) {
    Path file = dir.resolve(id + ".json");
    try {
      Files.createDirectories(dir);
      AtomicWrite.replace(file, Json.write(f), AtomicWrite.Durability.LAZY);
    } catch (IOException e) {
      throw new SystemException("record the network of container " + id + " in " + file + ": " + e.getMessage(), e);
    }
  }

  /** The container's file, or null when it has none (or it cannot be read: then there is nothing to restore). */
  RunFile read(String id) {
    Path file = dir.resolve(id + ".json");
    try {
      return Files.exists(file) ? Json.read(Files.readAllBytes(file), RunFile.class) : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The containers that have a file: their network is up, or was when the last berthd stopped. */
  List<String> ids() {
    if (!Files.isDirectory(dir)) return List.of();
    try (var files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith("."))
          .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
    } catch (IOException e) {
      throw new SystemException("list the running networks in " + dir + ": " + e.getMessage(), e);
    }
  }

  void delete(String id) {
    try {
      Files.deleteIfExists(dir.resolve(id + ".json"));
    } catch (IOException e) {
      throw new SystemException("forget the network of container " + id + ": " + e.getMessage(), e);
    }
  }
}
