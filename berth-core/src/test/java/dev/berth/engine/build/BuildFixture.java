package dev.berth.engine.build;

import dev.berth.engine.BuildService;
import dev.berth.engine.BuildService.BuildProgress;
import dev.berth.engine.BuildService.BuildRequest;
import dev.berth.engine.BuildService.BuildResult;
import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerService.WaitCondition;
import dev.berth.engine.ContainerView;
import dev.berth.engine.Engine;
import dev.berth.engine.EngineConfig;
import dev.berth.oci.Digest;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.monitor.LogQuery;
import dev.berth.runtime.runc.BusyboxRootfs;
import dev.berth.storage.Mounter;
import dev.berth.sys.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real engine (overlay, conmon, runc) under a short temporary root with a busybox image imported as
 * {@code busybox:latest}, a context directory to write Dockerfiles and files into, and helpers to build and
 * to run a container of the result. {@link #close} removes every container, closes the engine, unmounts
 * what is left under the root and deletes it.
 */
final class BuildFixture implements AutoCloseable {
  final Path root;
  final Path context;
  Engine engine;

  BuildFixture() throws Exception {
    root = Files.createDirectory(Path.of("/tmp", "bb" + java.util.UUID.randomUUID().toString().substring(0, 6)));
    context = Files.createDirectories(root.resolve("ctx"));
    engine = open();
    Path rootfs = Files.createDirectories(root.resolve("busybox-rootfs"));
    BusyboxRootfs.populate(rootfs);
    Path tar = root.resolve("busybox.tar");
    run("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".");
    try (InputStream in = Files.newInputStream(tar)) {
      engine.images().importImage(in, "busybox:latest", List.of("CMD [\"sh\"]"), null);
    }
    FileTrees.delete(rootfs);
    Files.delete(tar);
  }

  private Engine open() {
    return Engine.open(new EngineConfig(root.resolve("data"), root.resolve("run"), "overlay"));
  }

  Engine reopen() {
    engine.close();
    engine = open();
    return engine;
  }

  BuildService builds() {
    return engine.builds();
  }

  /** Writes a file of the context (parents created). */
  Path write(String name, String text) throws IOException {
    Path p = context.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  /** The output of one build and its result. */
  record Built(BuildResult result, String output) {}

  Built build(BuildRequest request) {
    Progress progress = new Progress();
    BuildResult result = builds().build(request, progress);
    return new Built(result, progress.text.toString());
  }

  Built build() {
    return build(BuildRequest.of(context));
  }

  /** Collects the stream text and the aux IDs. */
  static final class Progress implements BuildProgress {
    final StringBuilder text = new StringBuilder();
    final List<Digest> aux = new ArrayList<>();

    @Override
    public void stream(String s) {
      text.append(s);
    }

    @Override
    public void aux(Digest imageId) {
      aux.add(imageId);
    }
  }

  static BuildRequest request(Path context, List<String> tags, Map<String, String> args, String target, boolean noCache,
      Map<String, String> labels) {
    return new BuildRequest(context, null, tags, args, target, noCache, labels, true, false, false, null, null);
  }

  /** Runs {@code cmd} in a container of {@code image} and answers its stdout; the container is removed. */
  String runIn(String image, String... cmd) throws Exception {
    ContainerService c = engine.containers();
    String id = c.create(null, ContainerConfig.of(BasicConfig.of(image).withCmd(List.of(cmd)))).id();
    try {
      var exit = c.waitFor(id, WaitCondition.NEXT_EXIT);
      c.start(id);
      exit.get(30, TimeUnit.SECONDS);
      StringBuilder out = new StringBuilder();
      c.logs(id, LogQuery.ALL, r -> {
        out.append(r.text()).append('\n');
        return true;
      });
      return out.toString();
    } finally {
      c.remove(id, true, true);
    }
  }

  /** What a failed build must not leave: containers, mounts under the root. */
  List<ContainerView> containers() {
    return engine.containers().list(ContainerService.ListOptions.ALL);
  }

  boolean mountedUnderRoot() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .map(l -> l.split(" ")[4])
        .anyMatch(p -> p.startsWith(root.toString()));
  }

  @Override
  public void close() throws Exception {
    try {
      if (engine != null) {
        for (ContainerView v : engine.containers().list(ContainerService.ListOptions.ALL)) {
          try {
            engine.containers().remove(v.container().id().hex(), true, true);
          } catch (RuntimeException e) {
            System.err.println("cleanup: removing container " + v.container().id() + ": " + e);
          }
        }
        engine.close();
      }
    } finally {
      List<String> points = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
          .map(l -> l.split(" ")[4])
          .filter(p -> p.startsWith(root.toString()))
          .sorted(java.util.Comparator.reverseOrder())
          .toList();
      for (String p : points) Mounter.unmount(Path.of(p));
      FileTrees.delete(root);
    }
  }

  static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }
}
