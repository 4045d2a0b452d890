package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.network.NetworkDefaults;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docker network connect} and {@code disconnect} of a running container, with the docker CLI against a berthd
 * with its own bridge, subnets and chain prefix: the interface appears and goes inside the container at once, the
 * other containers of the network resolve its name and alias and reach it while it is connected, and not after.
 */
class DockerConnectIT extends NetworkDaemonTestBase {
  private static final String HTTPD = "mkdir -p /www && echo hello-from-$(hostname) > /www/index.html && exec httpd -f -p 80 -h /www";

  @Override
  protected NetworkDefaults networkDefaults() {
    return NetTestKit.uniqueDefaults("bc");
  }

  /** The container's IPv4 interfaces as {@code name address/prefix} lines, from inside it. */
  private List<String> interfaces(String container) throws Exception {
    return d.ok("exec", container, "sh", "-c", "ip -o -4 addr show | awk '{print $2, $4}'").out().lines()
        .filter(l -> !l.startsWith("lo ")).sorted().toList();
  }

  private String ipOn(String container, String network) throws Exception {
    return d.ok("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}", container).out().trim();
  }

  /**
   * From a fresh container on {@code network}: resolves {@code name} with nslookup (busybox's own resolver, through the
   * embedded DNS) and GETs / from the address; prints {@code resolved <name> to <ip>} and the page.
   */
  private ContainerDaemon.Result fetchByName(String network, String name) throws Exception {
    return d.docker("run", "--rm", "--network", network, "busybox", "sh", "-c",
        "for i in 1 2 3 4 5; do ip=$(nslookup " + name + " | sed -n 's/^Address: \\([0-9.]*\\)$/\\1/p' | head -1); "
            + "[ -n \"$ip\" ] && printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 $ip 80 | grep hello && break; sleep 0.3; done; "
            + "echo resolved " + name + " to $ip; [ -n \"$ip\" ]");
  }

  @Test
  void connect_runningContainer_getsAnInterfaceAtOnce_othersResolveItsAliasAndReachIt_disconnectRemovesIt() throws Exception {
    d.ok("network", "create", "live");
    d.ok("run", "-d", "--name", "box", "busybox", "sh", "-c", HTTPD);
    List<String> before = interfaces("box");
    assertThat(before).hasSize(1).allMatch(l -> l.startsWith("eth0 "));

    d.ok("network", "connect", "--alias", "boxy", "live", "box");
    String ip = ipOn("box", "live");
    assertThat(ip).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
    assertThat(interfaces("box")).containsExactly(before.getFirst(), "eth1 " + ip + "/24");
    List<String> defaults = d.ok("exec", "box", "ip", "route").out().lines().filter(l -> l.startsWith("default")).toList();
    assertThat(defaults).as("one default route, through the first network").hasSize(1).allMatch(l -> l.contains("dev eth0"));
    ContainerDaemon.Result byAlias = fetchByName("live", "boxy");
    assertThat(byAlias.exit()).as(byAlias.both()).isZero();
    assertThat(byAlias.out()).contains("hello-from-", "resolved boxy to " + ip);
    ContainerDaemon.Result byName = fetchByName("live", "box");
    assertThat(byName.out()).as(byName.both()).contains("hello-from-", "resolved box to " + ip);

    d.ok("network", "disconnect", "live", "box");
    assertThat(interfaces("box")).containsExactly(before.getFirst());
    ContainerDaemon.Result gone = fetchByName("live", "boxy");
    assertThat(gone.exit()).as(gone.both()).isNotZero();
    assertThat(gone.out()).doesNotContain("hello-from-");
    assertThat(d.ok("inspect", "-f", "{{.State.Running}}", "box").out().trim()).isEqualTo("true");
  }

  @Test
  void connect_containerOnAUserNetwork_reachesAndIsReachedOnBoth_reconnectAfterDisconnectWorks() throws Exception {
    d.ok("network", "create", "front");
    d.ok("network", "create", "back");
    d.ok("network", "create", "side");
    d.ok("run", "-d", "--name", "db", "--network", "back", "busybox", "sh", "-c", HTTPD);
    d.ok("run", "-d", "--name", "app", "--network", "front", "busybox", "sh", "-c", HTTPD);
    String db = ipOn("db", "back");

    d.ok("network", "connect", "back", "app");
    d.ok("network", "connect", "--alias", "api", "side", "app");
    assertThat(interfaces("app")).extracting(l -> l.split(" ")[0]).containsExactly("eth0", "eth1", "eth2");
    ContainerDaemon.Result fromApp = d.docker("exec", "app", "sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 " + db + " 80");
    assertThat(fromApp.out()).as("app reaches db on back: " + fromApp.both()).contains("hello-from-");
    assertThat(fetchByName("back", "app").out()).contains("hello-from-");
    assertThat(fetchByName("side", "api").out()).contains("hello-from-");

    d.ok("network", "disconnect", "back", "app");
    d.ok("network", "connect", "back", "app");
    String again = ipOn("app", "back");
    assertThat(interfaces("app")).hasSize(3).anyMatch(l -> l.endsWith(" " + again + "/24"));
    assertThat(fetchByName("back", "app").out()).contains("hello-from-", "resolved app to " + again);
    assertThat(fetchByName("side", "api").out()).contains("hello-from-");
  }

  @Test
  void disconnect_afterADaemonRestart_removesTheInterfaceOfThatNetwork() throws Exception {
    d.ok("network", "create", "zeta");
    d.ok("network", "create", "alpha");
    d.ok("run", "-d", "--name", "kept", "busybox", "sh", "-c", HTTPD);
    d.ok("network", "connect", "zeta", "kept");
    d.ok("network", "connect", "alpha", "kept");
    String zeta = ipOn("kept", "zeta");
    String alpha = ipOn("kept", "alpha");
    String eth0 = interfaces("kept").getFirst();
    assertThat(interfaces("kept")).containsExactly(eth0, "eth1 " + zeta + "/24", "eth2 " + alpha + "/24");

    d.restartDaemon();
    d.ok("network", "disconnect", "alpha", "kept");

    assertThat(interfaces("kept")).containsExactly(eth0, "eth1 " + zeta + "/24");
    assertThat(fetchByName("zeta", "kept").out()).contains("hello-from-", "resolved kept to " + zeta);
  }

  /** The ports of the daemon's default bridge (its veths), read from /sys. */
  private List<String> bridgePorts() throws Exception {
    java.nio.file.Path brif = java.nio.file.Path.of("/sys/class/net", defaults.bridge(), "brif");
    if (!java.nio.file.Files.isDirectory(brif)) return List.of();
    try (var s = java.nio.file.Files.list(brif)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private List<String> bridgePortsAfterSettling(int expected) throws Exception {
    List<String> ports = bridgePorts();
    for (int i = 0; i < 100 && ports.size() != expected; i++) {
      Thread.sleep(100);
      ports = bridgePorts();
    }
    return ports;
  }

  @Test
  void exit_withoutSharers_theVethGoesWithTheNamespace_withASharer_itIsDeletedAndTheSharerKeepsOnlyLoopback() throws Exception {
    d.ok("run", "--rm", "busybox", "true");
    assertThat(bridgePortsAfterSettling(0)).as("veths on %s after a container exited", defaults.bridge()).isEmpty();

    d.ok("run", "-d", "--name", "main", "busybox", "sleep", "600");
    d.ok("run", "-d", "--name", "sharer", "--network", "container:main", "busybox", "sleep", "600");
    assertThat(interfaces("sharer")).hasSize(1).allMatch(l -> l.startsWith("eth0 "));
    assertThat(bridgePorts()).hasSize(1);
    d.ok("rm", "-f", "main");
    assertThat(interfaces("sharer")).as("the sharer after the container whose namespace it joined is gone").isEmpty();
    assertThat(bridgePortsAfterSettling(0)).isEmpty();
  }
}
