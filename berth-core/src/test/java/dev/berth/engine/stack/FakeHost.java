package dev.berth.engine.stack;

import dev.berth.engine.ContainerService;
import dev.berth.engine.Image;
import dev.berth.engine.ImageService;
import dev.berth.engine.NetworkService;
import dev.berth.engine.Volume;
import dev.berth.engine.VolumeService;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Digest;
import dev.berth.runtime.container.ContainerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fakes of the engine services a stack converges through, which write every call they get to one {@link #calls}
 * log ({@code create p-web-1}, {@code stop <id>}, …) so a test sees what the converger did and in what order.
 * Only the calls the converger makes are implemented (through {@link PartialFake}); the others are refused.
 */
final class FakeHost {
  final List<String> calls = new ArrayList<>();
  final Set<String> images = new HashSet<>(Set.of("busybox"));
  /** Network and volume names whose create fails, as the engine fails on a bad subnet or option. */
  final Set<String> refuse = new HashSet<>();
  private int next;

  StackEngine engine() {
    ContainerService containers = PartialFake.of(ContainerService.class, new Containers());
    return new StackEngine(() -> containers, PartialFake.of(NetworkService.class, new Networks()),
        PartialFake.of(VolumeService.class, new Volumes()), PartialFake.of(ImageService.class, new Images()));
  }

  /** A fake container ID: 64 hex digits from a counter. */
  String id(int n) {
    return "%064x".formatted(n);
  }

  /** The container calls the converger makes. */
  final class Containers {
    public ContainerService.Created create(String name, ContainerConfig request) {
      String id = id(++next);
      calls.add("create " + name + " -> " + id.substring(60));
      return new ContainerService.Created(id, List.of());
    }

    public boolean start(String ref) {
      calls.add("start " + ref.substring(60));
      return true;
    }

    public boolean stop(String ref, Integer timeoutSeconds, String signal) {
      calls.add("stop " + ref.substring(60));
      return true;
    }

    public void remove(String ref, boolean force, boolean removeVolumes) {
      calls.add("remove " + ref.substring(60) + (removeVolumes ? " -v" : ""));
    }

    public void rename(String ref, String newName) {
      calls.add("rename " + ref.substring(60) + " " + newName);
    }
  }

  /** Network creation, refused for the names in {@link #refuse}. */
  final class Networks {
    public NetworkService.NetworkView create(NetworkService.CreateRequest request) {
      calls.add("network create " + request.name());
      if (refuse.contains(request.name())) throw new InvalidArgumentException("invalid subnet for " + request.name());
      return null;
    }
  }

  /** Volume creation, refused for the names in {@link #refuse}. */
  final class Volumes {
    public Volume create(String name, String driver, Map<String, String> driverOpts, Map<String, String> labels) {
      calls.add("volume create " + name);
      if (refuse.contains(name)) throw new InvalidArgumentException("invalid option for " + name);
      return new Volume(name, driver, Path.of("/nowhere"), Instant.EPOCH, labels, driverOpts, false, List.of());
    }
  }

  /** Image lookups: the names in {@link #images} exist, each with an ID made from its name. */
  final class Images {
    public Image inspect(String nameOrId) {
      if (!images.contains(nameOrId)) throw new NotFoundException("No such image: " + nameOrId);
      return new Image(Digest.sha256(nameOrId.getBytes(StandardCharsets.UTF_8)), null, null, List.of(), List.of(), 0, Instant.EPOCH);
    }
  }
}
