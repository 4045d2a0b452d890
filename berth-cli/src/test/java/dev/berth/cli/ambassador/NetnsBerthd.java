package dev.berth.cli.ambassador;

import dev.berth.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One "host" of the seed's walkthrough: a network namespace of its own ({@code ip netns add}) with a berthd in it,
 * run as a separate process through {@code nsenter --net} (only the network namespace: ip netns exec would also
 * remount /sys and hide the cgroup mounts runc needs). The daemon has its own roots, bridge, subnet and chain
 * prefix. {@link #close} removes its containers, stops it and deletes the namespace, which takes its bridge,
 * veth ends and iptables rules with it. Also the remote host behind sshd in the ssh tests (dev.berth.cli.remote).
 */
public final class NetnsBerthd implements AutoCloseable {
  private static final Path BERTHD = Path.of("..", "bin", "berthd").toAbsolutePath().normalize();

  final String netns;
  /** The daemon's address for the CLI: {@code unix://<root>/berthd.sock}. */
  public final String host;
  private final Path root;
  private Process process;

  private NetnsBerthd(String netns, Path root) {
    this.netns = netns;
    this.root = root;
    this.host = "unix://" + root.resolve("berthd.sock");
  }

  /** Makes the namespace (loopback up); the daemon starts with {@link #start}. */
  public static NetnsBerthd create(String netns, Path root) throws IOException, InterruptedException {
    Sh.run("ip", "netns", "add", netns);
    NetnsBerthd h = new NetnsBerthd(netns, root);
    h.ip("link", "set", "lo", "up");
    return h;
  }

  Path root() {
    return root;
  }

  Path netnsPath() {
    return Path.of("/run/netns", netns);
  }

  /** Runs {@code ip ARGS} inside the namespace. */
  String ip(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ip", "-n", netns));
    cmd.addAll(List.of(args));
    return Sh.run(cmd.toArray(String[]::new));
  }

  /** Starts berthd in the namespace and waits until it answers. */
  public void start(String tag, String bip, String pool) throws IOException, InterruptedException {
    Files.createDirectories(root);
    cmd = List.of("nsenter", "--net=" + netnsPath(), BERTHD.toString(),
        "--data-root=" + root.resolve("data"), "--exec-root=" + root.resolve("run"), "-H", host,
        "--bridge=ba" + tag + "0", "--bip=" + bip, "--default-address-pool=" + pool, "--iptables-chain-prefix=BA" + tag.toUpperCase(),
        "--storage-driver=overlay", "--group=root");
    launch();
  }

  private List<String> cmd;

  private void launch() throws IOException, InterruptedException {
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("berthd.log").toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IOException("berthd in " + netns + " exited: " + log());
      if (Files.exists(root.resolve("berthd.sock")) && CliRun.run(host, "version").status() == 0) return;
      Thread.sleep(200);
    }
    throw new IOException("berthd in " + netns + " did not answer within 60 s: " + log());
  }

  /** Stops the daemon with SIGTERM, leaving its containers running (live restore), and starts it again. */
  void restart() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IOException("berthd in " + netns + " did not stop within 30 s");
    Files.deleteIfExists(root.resolve("berthd.sock"));
    launch();
  }

  String log() {
    try {
      return Files.readString(root.resolve("berthd.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** berth ARGS against this host's daemon. */
  CliRun berth(String... args) {
    return CliRun.run(host, args);
  }

  @Override
  public void close() {
    try {
      if (process != null && process.isAlive()) {
        CliRun ids = berth("ps", "-aq");
        for (String id : ids.out().split("\\s+")) if (!id.isBlank()) berth("rm", "-f", id);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      Sh.quietly("ip", "netns", "del", netns);
      Sh.quietly("umount", "-R", root.resolve("run").toString());
    }
  }
}
