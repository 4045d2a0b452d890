package dev.berth.engine.container;

import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerView;
import dev.berth.engine.Engine;
import dev.berth.engine.EngineConfig;
import dev.berth.runtime.runc.BusyboxRootfs;
import dev.berth.storage.Mounter;
import dev.berth.sys.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real engine (overlay, conmon, runc) under a short temporary root ({@code /tmp/btXXXXXX}), with a busybox image imported as
 * {@code busybox:latest}. {@link #close} removes every container (forcefully, with volumes), closes the
 * engine, unmounts anything left under the root and deletes it.
 */
public final class EngineFixture implements AutoCloseable {
  final Path root;
  final dev.berth.network.NetworkDefaults network;
  Engine engine;

  public EngineFixture() throws Exception {
    this(null);
  }

  /** @param network the engine's network defaults (null: no networking, only loopback) */
  public EngineFixture(dev.berth.network.NetworkDefaults network) throws Exception {
    this.network = network;
    // short: conmon's attach socket, <execRoot>/sock/<64 hex>/attach, must fit in 107 bytes
    root = Files.createDirectory(Path.of("/tmp", "bt" + java.util.UUID.randomUUID().toString().substring(0, 6)));
    engine = open();
    Path rootfs = Files.createDirectories(root.resolve("busybox-rootfs"));
    BusyboxRootfs.populate(rootfs);
    Path tar = root.resolve("busybox.tar");
    run("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".");
    try (InputStream in = Files.newInputStream(tar)) {
      engine.images().importImage(in, "busybox:latest", List.of("CMD [\"sh\"]"), null);
    }
    FileTrees.delete(rootfs);
  }

  Engine open() {
    return Engine.open(new EngineConfig(root.resolve("data"), root.resolve("run"), "overlay", network));
  }

  /** Closes the engine (its containers keep running) and opens a new one on the same roots. */
  public Engine reopen() {
    engine.close();
    engine = open();
    return engine;
  }

  /** The engine open now (a new one after {@link #reopen}). */
  public Engine engine() {
    return engine;
  }

  ContainerService containers() {
    return engine.containers();
  }

  Path execRoot() {
    return root.resolve("run");
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
      unmountUnder(root);
      FileTrees.delete(root);
    }
  }

  private static void unmountUnder(Path root) throws IOException {
    List<String> points = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .map(l -> l.split(" ")[4])
        .filter(p -> p.startsWith(root.toString()))
        .sorted(java.util.Comparator.reverseOrder())
        .toList();
    for (String p : points) {
      Mounter.unmount(Path.of(p));
    }
  }

  static boolean mountedUnder(Path dir) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .map(l -> l.split(" ")[4])
        .anyMatch(p -> p.startsWith(dir.toString()));
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
