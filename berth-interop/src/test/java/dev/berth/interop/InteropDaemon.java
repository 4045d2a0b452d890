package dev.berth.interop;

import dev.berth.cli.bootstrap.BusyboxRootfs;
import dev.berth.cli.bootstrap.RootfsTar;
import dev.berth.daemon.Berthd;
import dev.berth.daemon.DaemonConfig;
import dev.berth.daemon.RunningDaemon;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A berthd of the interop tests' own, on the socket the failsafe configuration names in {@code DOCKER_HOST}
 * (Testcontainers reads its daemon from the environment only), with a busybox image imported through the
 * docker CLI. Everything lives under a temporary root that {@link #close} removes, containers included.
 */
final class InteropDaemon implements AutoCloseable {
  static final Path SOCKET = Path.of("/run/berth-interop-it/berth.sock");

  private final Path root;
  private final RunningDaemon daemon;

  private InteropDaemon(Path root, RunningDaemon daemon) {
    this.root = root;
    this.daemon = daemon;
  }

  static InteropDaemon start() throws Exception {
    Path root = Files.createTempDirectory("berth-interop-");
    DaemonConfig test = DaemonConfig.forTest(root);
    DaemonConfig config = new DaemonConfig(List.of("unix://" + SOCKET), test.dataRoot(), test.execRoot(), "overlay",
        test.group(), false);
    RunningDaemon daemon = Berthd.start(config);
    InteropDaemon d = new InteropDaemon(root, daemon);
    try {
      d.importBusybox();
      return d;
    } catch (Exception e) {
      d.close();
      throw e;
    }
  }

  String dockerHost() {
    return "unix://" + SOCKET;
  }

  /** Runs the docker CLI against this daemon; answers stdout, failing on a non-zero exit. */
  String docker(String... args) throws IOException, InterruptedException {
    var cmd = new java.util.ArrayList<String>(List.of("/usr/local/bin/docker"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("DOCKER_HOST", dockerHost());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("docker " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  private void importBusybox() throws Exception {
    Path tar = root.resolve("busybox.tar");
    try (OutputStream out = Files.newOutputStream(tar)) {
      RootfsTar.write(BusyboxRootfs.fromBinary(BusyboxRootfs.DEFAULT_BUSYBOX), out);
    }
    docker("import", "-c", "CMD [\"/bin/sh\"]", "-c", "ENV PATH=/bin", tar.toString(), "busybox:latest");
  }

  @Override
  public void close() throws Exception {
    try {
      String ids = docker("ps", "-aq");
      for (String id : ids.split("\\s+")) {
        if (!id.isBlank()) docker("rm", "-f", "-v", id);
      }
    } catch (RuntimeException e) {
      // the daemon may be broken: still stop it and remove the files
      System.err.println("interop cleanup: " + e.getMessage());
    } finally {
      daemon.close();
      dev.berth.sys.FileTrees.delete(root);
    }
  }
}
