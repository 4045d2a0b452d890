package dev.berth.engine.stack;

import dev.berth.engine.Attachment;
import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerView;
import dev.berth.engine.Image;
import dev.berth.engine.ImageService;
import dev.berth.engine.NetworkService;
import dev.berth.engine.Volume;
import dev.berth.engine.VolumeService;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Digest;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.ResourceConfig;
import dev.berth.runtime.container.RestartPolicy;
import dev.berth.runtime.monitor.LogQuery;
import dev.berth.runtime.monitor.LogRecord;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Fakes of the engine services a stack converges through, which write every call they get to one {@link #calls}
 * log ({@code create p-web-1}, {@code stop <id>}, …) so a test sees what the converger did and in what order.
 * Only the calls the converger makes are implemented; the others are refused.
 */
final class FakeHost {
  final List<String> calls = new ArrayList<>();
  final Set<String> images = new HashSet<>(Set.of("busybox"));
  /** Network and volume names whose create fails, as the engine fails on a bad subnet or option. */
  final Set<String> refuse = new HashSet<>();
  private int next;

  StackEngine engine() {
    Containers containers = new Containers();
    return new StackEngine(() -> containers, new Networks(), new Volumes(), new Images());
  }

  /** A fake container ID: 64 hex digits from a counter. */
  String id(int n) {
    return "%064x".formatted(n);
  }

  final class Containers implements ContainerService {
    @Override
    public Created create(String name, ContainerConfig request) {
      String id = id(++next);
      calls.add("create " + name + " -> " + id.substring(60));
      return new Created(id, List.of());
    }

    @Override
    public boolean start(String ref) {
      calls.add("start " + ref.substring(60));
      return true;
    }

    @Override
    public boolean stop(String ref, Integer timeoutSeconds, String signal) {
      calls.add("stop " + ref.substring(60));
      return true;
    }

    @Override
    public void remove(String ref, boolean force, boolean removeVolumes) {
      calls.add("remove " + ref.substring(60) + (removeVolumes ? " -v" : ""));
    }

    @Override
    public void rename(String ref, String newName) {
      calls.add("rename " + ref.substring(60) + " " + newName);
    }

    @Override
    public void restart(String ref, Integer timeoutSeconds, String signal) {
      throw unsupported();
    }

    @Override
    public void kill(String ref, String signal) {
      throw unsupported();
    }

    @Override
    public void pause(String ref) {
      throw unsupported();
    }

    @Override
    public void unpause(String ref) {
      throw unsupported();
    }

    @Override
    public CompletableFuture<WaitResult> waitFor(String ref, WaitCondition condition) {
      throw unsupported();
    }

    @Override
    public ContainerView inspect(String ref) {
      throw unsupported();
    }

    @Override
    public List<ContainerView> list(ListOptions options) {
      throw unsupported();
    }

    @Override
    public List<String> update(String ref, ResourceConfig resources, RestartPolicy restartPolicy) {
      throw unsupported();
    }

    @Override
    public PruneReport prune(Map<String, List<String>> filters) {
      throw unsupported();
    }

    @Override
    public void logs(String ref, LogQuery query, Predicate<LogRecord> sink) {
      throw unsupported();
    }

    @Override
    public Attachment attach(String ref, AttachOptions options) {
      throw unsupported();
    }

    @Override
    public void resize(String ref, int rows, int cols) {
      throw unsupported();
    }

    @Override
    public Top top(String ref, String psArgs) {
      throw unsupported();
    }

    @Override
    public Stats stats(String ref) {
      throw unsupported();
    }

    @Override
    public PathStat statPath(String ref, String path) {
      throw unsupported();
    }

    @Override
    public PathStat getArchive(String ref, String path, OutputStream out) {
      throw unsupported();
    }

    @Override
    public void putArchive(String ref, String path, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid) {
      throw unsupported();
    }

    @Override
    public Image commit(String ref, CommitOptions options) {
      throw unsupported();
    }
  }

  final class Networks implements NetworkService {
    @Override
    public NetworkView create(CreateRequest request) {
      calls.add("network create " + request.name());
      if (refuse.contains(request.name())) throw new InvalidArgumentException("invalid subnet for " + request.name());
      return null;
    }

    @Override
    public List<NetworkView> list(Map<String, List<String>> filters) {
      throw unsupported();
    }

    @Override
    public NetworkView inspect(String ref) {
      throw unsupported();
    }

    @Override
    public void remove(String ref) {
      throw unsupported();
    }

    @Override
    public void connect(String networkRef, String containerRef, List<String> aliases, String ipv4) {
      throw unsupported();
    }

    @Override
    public void disconnect(String networkRef, String containerRef, boolean force) {
      throw unsupported();
    }

    @Override
    public List<String> prune(Map<String, List<String>> filters) {
      throw unsupported();
    }
  }

  final class Volumes implements VolumeService {
    @Override
    public Volume create(String name, String driver, Map<String, String> driverOpts, Map<String, String> labels) {
      calls.add("volume create " + name);
      if (refuse.contains(name)) throw new InvalidArgumentException("invalid option for " + name);
      return new Volume(name, driver, Path.of("/nowhere"), Instant.EPOCH, labels, driverOpts, false, List.of());
    }

    @Override
    public Volume inspect(String name) {
      throw unsupported();
    }

    @Override
    public List<Volume> list(Map<String, List<String>> filters) {
      throw unsupported();
    }

    @Override
    public void remove(String name, boolean force) {
      throw unsupported();
    }

    @Override
    public ContainerService.PruneReport prune(boolean all, Map<String, List<String>> filters) {
      throw unsupported();
    }

    @Override
    public void seedIfEmpty(String name, Path source) {
      throw unsupported();
    }
  }

  final class Images implements ImageService {
    @Override
    public Image inspect(String nameOrId) {
      if (!images.contains(nameOrId)) throw new NotFoundException("No such image: " + nameOrId);
      return new Image(Digest.sha256(nameOrId.getBytes(StandardCharsets.UTF_8)), null, null, List.of(), List.of(), 0, Instant.EPOCH);
    }

    @Override
    public List<Image> list(boolean all) {
      throw unsupported();
    }

    @Override
    public void tag(String source, String target) {
      throw unsupported();
    }

    @Override
    public List<DeleteItem> remove(String nameOrId, boolean force, boolean noPrune) {
      throw unsupported();
    }

    @Override
    public List<HistoryItem> history(String nameOrId) {
      throw unsupported();
    }

    @Override
    public Image importImage(InputStream rootfsTar, String reference, List<String> changes, String message) {
      throw unsupported();
    }

    @Override
    public void save(List<String> names, OutputStream out) {
      throw unsupported();
    }

    @Override
    public List<String> load(InputStream archive, Consumer<String> progress) {
      throw unsupported();
    }

    @Override
    public PruneReport prune(boolean all, Map<String, List<String>> filters) {
      throw unsupported();
    }

    @Override
    public PruneReport collectGarbage() {
      throw unsupported();
    }

    @Override
    public DiskUsage diskUsage() {
      throw unsupported();
    }
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("not faked: the converger should not need it");
  }
}
