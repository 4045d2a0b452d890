package dev.berth.engine.exec;

import dev.berth.engine.ContainerView;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Digest;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.ContainerId;
import dev.berth.runtime.runc.BusyboxRootfs;
import dev.berth.runtime.runc.CreateOptions;
import dev.berth.runtime.runc.Runc;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.specgen.ContainerOptions;
import dev.berth.runtime.specgen.HostFacts;
import dev.berth.runtime.specgen.ProcessOptions;
import dev.berth.runtime.specgen.SpecGenerator;
import dev.berth.runtime.specgen.StorageOptions;
import dev.berth.runtime.state.ContainerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Real containers for exec and health tests: a busybox rootfs per container, a spec from the generator,
 * {@code runc create} and {@code start}, and a {@link ContainerLookup} that answers with a view of each.
 * {@link #close} deletes every container (forced), its cgroups and the work directory.
 */
public final class RuncContainers implements ContainerLookup, AutoCloseable {
  private static final List<String> CGROUP_CONTROLLERS =
      List.of("memory", "pids", "cpu", "cpuacct", "cpuset", "blkio", "devices", "freezer", "systemd", "unified");

  private final Path work;
  private final Runc runc;
  private final Map<String, ContainerView> views = new ConcurrentHashMap<>();
  private final List<String> ids = new ArrayList<>();

  public RuncContainers() throws IOException {
    work = Files.createTempDirectory("berth-exec-it-");
    runc = Runc.atExecRoot(work.resolve("exec"));
  }

  public Runc runc() {
    return runc;
  }

  public Path execDir() {
    return work.resolve("exec").resolve("execs");
  }

  /** Starts a container running {@code sleep 600} as {@code /name}; returns its view. */
  public ContainerView start(String name) throws IOException, InterruptedException {
    ContainerId id = ContainerId.random();
    ids.add(id.hex());
    Path rootfs = Files.createDirectories(work.resolve(id.shortId()).resolve("rootfs"));
    BusyboxRootfs.populate(rootfs);
    ContainerOptions options = ContainerOptions.of(id.hex(), ProcessOptions.command("sleep", "600")
        .withEnv(List.of("CONTAINER_VAR=from-container")), StorageOptions.rootfs(rootfs));
    Spec spec = new SpecGenerator(HostFacts.current()).generate(options);
    Path bundle = Files.createDirectories(work.resolve(id.shortId()).resolve("bundle"));
    Files.write(bundle.resolve("config.json"), spec.toJson());
    runc.create(id.hex(), bundle, CreateOptions.DEFAULT);
    runc.start(id.hex());
    int pid = runc.state(id.hex()).pid();
    ContainerConfig config = ContainerConfig.of(BasicConfig.of("busybox").withEnv(List.of("CONTAINER_VAR=from-container")));
    Container c = Container.newContainer(id, name, Instant.now(), Digest.sha256(new byte[0]), config)
        .withState(new ContainerState.Running(pid, Instant.now()));
    ContainerView view = new ContainerView(c, "busybox", rootfs, bundle, bundle.resolve("log"), List.of(), null, -1, -1,
        "vfs", Map.of(), List.of());
    views.put(id.hex(), view);
    return view;
  }

  /** Makes the lookup report {@code state} for the container (the runc container is not changed). */
  public void pretend(ContainerView view, ContainerState state) {
    String id = view.container().id().hex();
    views.put(id, new ContainerView(view.container().withState(state), view.imageRef(), view.rootfs(),
        view.containerDir(), view.logPath(), view.mounts(), view.health(), -1, -1, "vfs", Map.of(), List.of()));
  }

  @Override
  public ContainerView find(String ref) {
    ContainerView v = views.get(ref);
    if (v == null) {
      v = views.values().stream().filter(x -> x.container().name().equals("/" + ref)).findFirst().orElse(null);
    }
    if (v == null) {
      throw new NotFoundException("No such container: " + ref);
    }
    return v;
  }

  @Override
  public void close() throws IOException {
    try {
      for (String id : ids) {
        try {
          runc.delete(id, true);
        } catch (RuntimeException alreadyGone) {
          // deleted by the test itself
        }
        for (String controller : CGROUP_CONTROLLERS) {
          try {
            Files.deleteIfExists(Path.of("/sys/fs/cgroup", controller, "berth", id));
          } catch (IOException busy) {
            // a cgroup still populated: keep cleaning the rest
          }
        }
      }
    } finally {
      deleteTree(work);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
