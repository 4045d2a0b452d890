package dev.berth.interop;

import dev.berth.cli.bootstrap.BusyboxRootfs;
import dev.berth.cli.bootstrap.RootfsTar;
import dev.berth.daemon.Berthd;
import dev.berth.daemon.DaemonConfig;
import dev.berth.daemon.RunningDaemon;
import dev.berth.network.NetworkDefaults;
import dev.berth.network.Subnet;
import dev.berth.network.firewall.Firewall;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A berthd of the interop tests' own, on the socket the failsafe configuration names in {@code DOCKER_HOST}
 * (Testcontainers reads its daemon from the environment only), with container networking on a bridge, subnets,
 * chain prefix and bridge prefix of this run's own (a random tag, so no other daemon on the machine meets them),
 * and a busybox image imported through the docker CLI. Everything lives under a temporary root; {@link #close}
 * removes the containers and networks, stops the daemon, removes its chains and default bridge (which a berthd
 * keeps at stop for live restore, and a test daemon never comes back for), and then fails if anything of the
 * daemon is still on the host.
 */
final class InteropDaemon implements AutoCloseable {
  static final Path SOCKET = Path.of("/run/berth-interop-it/berth.sock");

  private final Path root;
  private final NetworkDefaults network;
  private final List<String> bridges = new ArrayList<>();
  private RunningDaemon daemon;

  private InteropDaemon(Path root, NetworkDefaults network) {
    this.root = root;
    this.network = network;
    bridges.add(network.bridge());
  }

  static InteropDaemon start() throws Exception {
    Path root = Files.createTempDirectory("berth-interop-");
    DaemonConfig test = DaemonConfig.forTest(root);
    NetworkDefaults network = uniqueNetwork(test.execRoot());
    DaemonConfig config = new DaemonConfig(List.of("unix://" + SOCKET), test.dataRoot(), test.execRoot(), "overlay",
        test.group(), false, network).withRegistry(test.registry());
    InteropDaemon d = new InteropDaemon(root, network);
    try {
      d.daemon = Berthd.start(config);
      d.importBusybox();
      return d;
    } catch (Exception e) {
      d.close();
      throw e;
    }
  }

  /**
   * Names and subnets of this run's own: bridge {@code bi<tag>0}, chains {@code BI<TAG>-…}, user bridges
   * {@code i<tag>-…}, the default network in a 10.200–219.x.0/24 and user networks from a 10.220–239.0.0/16, picked
   * so that no route of the host (another daemon's bridge) already covers them.
   */
  private static NetworkDefaults uniqueNetwork(Path execRoot) throws Exception {
    String routes = sh("ip -4 route");
    for (int attempt = 0; ; attempt++) {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      String tag = HexFormat.of().formatHex(new byte[] {(byte) r.nextInt(256), (byte) r.nextInt(256)});
      int a = 200 + r.nextInt(20);
      int b = r.nextInt(256);
      String subnet = "10." + a + "." + b + ".0";
      String pool = "10." + (a + 20) + ".";
      boolean taken = routes.contains(subnet) || routes.contains(pool) || Files.exists(Path.of("/sys/class/net/bi" + tag + "0"));
      if (taken && attempt < 20) continue;
      return new NetworkDefaults("bi" + tag + "0", Subnet.parse(subnet + "/24"), Subnet.parse(pool + "0.0/16"),
          "BI" + tag.toUpperCase(), "i" + tag + "-", execRoot.resolve("netns"));
    }
  }

  String dockerHost() {
    return "unix://" + SOCKET;
  }

  NetworkDefaults network() {
    return network;
  }

  /** Runs the docker CLI against this daemon; answers stdout, failing on a non-zero exit. */
  String docker(String... args) throws IOException, InterruptedException {
    var cmd = new ArrayList<String>(List.of("/usr/local/bin/docker"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("DOCKER_HOST", dockerHost());
    pb.environment().put("DOCKER_CONFIG", root.resolve("docker-config").toString());
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
    // Testcontainers runs its "tiny image", alpine:3.17, for some probes of its own (whether a file can be
    // bind-mounted, the default gateway when the bridge network names none); without a registry, busybox stands in
    // for it under that name.
    docker("tag", "busybox:latest", "alpine:3.17");
  }

  /** Removes every container (with its anonymous volumes) and every user network, noting the networks' bridges. */
  private void removeAll() throws Exception {
    for (String id : docker("ps", "-aq").split("\\s+")) {
      if (!id.isBlank()) docker("rm", "-f", "-v", id);
    }
    for (String id : docker("network", "ls", "-q", "--no-trunc", "--filter", "type=custom").split("\\s+")) {
      if (id.isBlank()) continue;
      bridges.add(network.bridgePrefix() + id.substring(0, 8));
      docker("network", "rm", id);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (daemon != null) removeAll();
    } catch (Exception e) {
      // the daemon may be broken: still stop it and remove what it made
      System.err.println("interop cleanup: " + e.getMessage());
    } finally {
      try {
        if (daemon != null) daemon.close();
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
   * Removes the chains and bridges of the stopped daemon, then fails if any of them, or a namespace file, was
   * still there: a user network's bridge or a netns left behind means the daemon leaked it.
   */
  private void tearDownHostNetworking() throws Exception {
    new Firewall(network.chainPrefix()).uninstall();
    List<String> leaked = new ArrayList<>();
    try (var links = Files.list(Path.of("/sys/class/net"))) {
      // every user network's bridge is named with this run's prefix, removed or not through the daemon
      links.map(l -> l.getFileName().toString()).filter(l -> l.startsWith(network.bridgePrefix()) && !bridges.contains(l))
          .forEach(bridges::add);
    }
    for (String br : bridges) {
      if (!br.equals(network.bridge()) && Files.exists(Path.of("/sys/class/net", br))) leaked.add("bridge " + br);
      sh("ip link del " + br + " 2>/dev/null; true");
    }
    String rules = sh("iptables-save") + sh("iptables-save -t nat");
    if (rules.contains(network.chainPrefix() + "-")) leaked.add("iptables rules of " + network.chainPrefix());
    if (Files.isDirectory(network.netnsDir())) {
      try (var files = Files.list(network.netnsDir())) {
        files.forEach(f -> leaked.add("netns " + f));
      }
    }
    if (!leaked.isEmpty()) throw new IllegalStateException("the interop daemon left behind: " + leaked);
  }

  private static String sh(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }
}
