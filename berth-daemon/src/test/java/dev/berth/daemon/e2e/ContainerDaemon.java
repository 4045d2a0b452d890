package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.Berthd;
import dev.berth.daemon.DaemonConfig;
import dev.berth.daemon.RunningDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An in-process berthd with the real engine (overlay, runc, conmon) on a temporary root, a busybox image
 * (every applet, passwd with root and nobody) imported through the docker CLI, and a runner for the real
 * docker CLI. {@link #close} removes every container (and so every mount, monitor and cgroup) before the
 * daemon stops and the root goes.
 */
final class ContainerDaemon implements AutoCloseable {
  static final String DOCKER = "/usr/local/bin/docker";

  record Result(int exit, String out, String err) {
    String both() {
      return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  private final Path root;
  private RunningDaemon daemon;
  private final dev.berth.network.NetworkDefaults network;

  private ContainerDaemon(Path root, RunningDaemon daemon, dev.berth.network.NetworkDefaults network) {
    this.root = root;
    this.daemon = daemon;
    this.network = network;
  }

  static ContainerDaemon start() throws Exception {
    return start(null);
  }

  /**
   * A daemon with container networking on its own bridge, subnets and chain prefix ({@code network}; null: none, as
   * {@link #start()}), as berthd's {@code --bridge --bip --iptables-chain-prefix --default-address-pool} give it.
   */
  static ContainerDaemon start(dev.berth.network.NetworkDefaults network) throws Exception {
    return start(network, null);
  }

  /** As {@link #start(dev.berth.network.NetworkDefaults)}, with registry options (insecure registries, a certs.d directory). */
  static ContainerDaemon start(dev.berth.network.NetworkDefaults network, dev.berth.registry.RegistryOptions registry) throws Exception {
    Path root = Files.createTempDirectory("berth-e2e-");
    DaemonConfig config = DaemonConfig.forTest(root).withStorageDriver("overlay")
        .withRegistry((registry == null ? dev.berth.registry.RegistryOptions.defaults() : registry).withLoopbackOnly(true));
    RunningDaemon daemon = Berthd.start(network == null ? config : config.withNetwork(network));
    ContainerDaemon d = new ContainerDaemon(root, daemon, network);
    try {
      d.importBusybox();
      return d;
    } catch (Exception e) {
      d.close();
      throw e;
    }
  }

  /** Stops the daemon as SIGTERM does ({@link RunningDaemon#close}), leaving the containers as they are. */
  void stopDaemon() {
    daemon.close();
  }

  /** Stops the daemon if it runs and starts a new one on the same roots and network settings (live restore). */
  void restartDaemon() {
    restartDaemon(java.util.function.UnaryOperator.identity());
  }

  /**
   * As {@link #restartDaemon()}, the new daemon with {@code change} applied to the old one's config (for example
   * another {@code userland-proxy} setting); the roots, and the chain prefix and bridge that {@link #close} removes,
   * must stay the same.
   */
  void restartDaemon(java.util.function.UnaryOperator<DaemonConfig> change) {
    DaemonConfig config = change.apply(daemon.config());
    daemon.close();
    daemon = Berthd.start(config);
  }

  Path root() {
    return root;
  }

  Path dataRoot() {
    return daemon.config().dataRoot();
  }

  Path execRoot() {
    return daemon.config().execRoot();
  }

  String dockerHost() {
    return daemon.dockerHost();
  }

  Result docker(String... args) throws Exception {
    return run(Map.of(), 120, args);
  }

  Result run(Map<String, String> env, int timeoutSeconds, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(DOCKER));
    cmd.addAll(List.of(args));
    return exec(cmd, env, timeoutSeconds);
  }

  /** Runs any command with DOCKER_HOST pointing here; stdout and stderr captured apart. */
  Result exec(List<String> cmd, Map<String, String> env, int timeoutSeconds) throws Exception {
    Path out = Files.createTempFile(root, "out", ".txt");
    Path err = Files.createTempFile(root, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("DOCKER_HOST", dockerHost());
    pb.environment().put("DOCKER_CONFIG", root.resolve("docker-config").toString());
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s; stdout so far: "
            + Files.readString(out) + " stderr: " + Files.readString(err));
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  Result ok(String... args) throws Exception {
    Result r = docker(args);
    assertThat(r.exit()).as("docker %s\n%s", String.join(" ", args), r.both()).isZero();
    return r;
  }

  private void importBusybox() throws Exception {
    Path tar = BusyboxTar.write(root);
    ok("import", "-c", "CMD [\"/bin/sh\"]", "-c", "ENV PATH=/bin", tar.toString(), "busybox:latest");
  }

  /** Removes every container with its anonymous volumes, then every volume. */
  void removeAll() throws Exception {
    for (String id : docker("ps", "-aq").out().split("\\s+")) {
      if (!id.isBlank()) docker("rm", "-f", "-v", id);
    }
    for (String v : docker("volume", "ls", "-q").out().split("\\s+")) {
      if (!v.isBlank()) docker("volume", "rm", "-f", v);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      removeAll();
    } catch (Exception | AssertionError e) {
      System.err.println("e2e cleanup: " + e);
    } finally {
      try {
        daemon.close();
      } finally {
        try {
          tearDownHostNetworking();
        } finally {
          dev.berth.sys.FileTrees.delete(root);
        }
      }
    }
  }

  /**
   * A clean stop with no container running removes the daemon's chains and bridges itself; this is the safety net
   * for a test that failed with containers still up (berthd then keeps them for live restore): its chains (by
   * prefix) and its default bridge go. User networks' bridges and the containers' namespaces must already be gone.
   */
  private void tearDownHostNetworking() throws Exception {
    if (network == null) return;
    try {
      new dev.berth.network.firewall.Firewall(network.chainPrefix()).uninstall();
    } finally {
      new ProcessBuilder("sh", "-c", "ip link del " + network.bridge() + " 2>/dev/null; true").start().waitFor();
    }
  }

  /** What a container run may leave behind; equal before and after a failed operation means nothing leaked. */
  Leaks leaks() throws IOException {
    return Leaks.under(dataRoot(), execRoot());
  }
}
