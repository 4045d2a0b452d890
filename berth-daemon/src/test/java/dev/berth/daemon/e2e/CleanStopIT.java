package dev.berth.daemon.e2e;

import static dev.berth.daemon.e2e.NetTestKit.get;
import static dev.berth.daemon.e2e.NetTestKit.linkExists;
import static dev.berth.daemon.e2e.NetTestKit.rules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.network.NetworkDefaults;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A berthd with its own bridge, subnets and chain prefix, stopped cleanly (as SIGTERM does): with no container
 * running, it removes its iptables chains and the bridges of its networks; with one running, it keeps them all and the
 * container stays reachable, until a new berthd finds it, removes it and stops again.
 */
class CleanStopIT {
  private static final String HTTPD = "mkdir -p /www && echo hello-from-$(hostname) > /www/index.html && exec httpd -f -p 80 -h /www";

  private NetworkDefaults defaults;
  private ContainerDaemon d;
  private final List<String> bridges = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    defaults = NetTestKit.uniqueDefaults("bs");
    bridges.add(defaults.bridge());
    d = ContainerDaemon.start(defaults);
  }

  @AfterEach
  void cleanUp() throws Exception {
    try {
      if (d != null) d.close();
    } finally {
      NetTestKit.removeLeftovers(defaults, bridges);
    }
  }

  @Test
  void stop_noContainerRunning_removesChainsAndBridges_andAStartMakesThemAgain() throws Exception {
    assertThat(rules()).as("chains after start").contains(":" + defaults.chainPrefix() + "-FORWARD", ":" + defaults.chainPrefix() + "-DNAT");
    String userBridge = userNetwork("apps");
    d.ok("run", "-d", "--name", "pub", "-p", "127.0.0.1::80", "busybox", "sh", "-c", HTTPD);
    d.ok("run", "-d", "--name", "usr", "--network", "apps", "busybox", "sh", "-c", HTTPD);
    assertThat(get("127.0.0.1", hostPort("pub"), "/")).contains("hello-from-");
    assertThat(linkExists(defaults.bridge())).as("default bridge while in use").isTrue();
    assertThat(linkExists(userBridge)).as("user bridge while in use").isTrue();
    d.ok("rm", "-f", "pub", "usr");

    d.stopDaemon();

    assertNothingLeft(userBridge);

    d.restartDaemon();
    assertThat(rules()).as("chains after a new start").contains(":" + defaults.chainPrefix() + "-FORWARD");
    d.ok("run", "-d", "--name", "again", "-p", "127.0.0.1::80", "busybox", "sh", "-c", HTTPD);
    assertThat(get("127.0.0.1", hostPort("again"), "/")).contains("hello-from-");
    assertThat(linkExists(defaults.bridge())).as("default bridge made again at first use").isTrue();
    d.ok("run", "--rm", "--network", "apps", "busybox", "true");
    d.ok("rm", "-f", "again");
    d.stopDaemon();
    assertNothingLeft(userBridge);
  }

  @Test
  void stop_containerRunning_keepsChainsAndBridge_containerStaysReachable() throws Exception {
    d.ok("run", "-d", "--name", "srv", "-p", "127.0.0.1::80", "busybox", "sh", "-c", HTTPD);
    String ip = d.ok("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "srv").out().trim();
    int port = hostPort("srv");
    assertThat(get("127.0.0.1", port, "/")).contains("hello-from-");

    d.stopDaemon();

    assertThat(rules()).as("chains kept for the running container")
        .contains(":" + defaults.chainPrefix() + "-FORWARD", ":" + defaults.chainPrefix() + "-DNAT", "--dport " + port);
    assertThat(linkExists(defaults.bridge())).as("default bridge kept").isTrue();
    assertThat(get(ip, 80, "/")).as("the container on its address while no berthd runs").contains("hello-from-");

    d.restartDaemon();
    assertThat(d.ok("inspect", "-f", "{{.State.Running}}", "srv").out().trim()).isEqualTo("true");
    assertThat(get("127.0.0.1", port, "/")).as("the proxy bound again by the new berthd").contains("hello-from-");
    d.ok("rm", "-f", "srv");
    d.stopDaemon();
    assertNothingLeft(null);
  }

  @Test
  void stopAndNetworkRm_aBridgeThatWasThereBefore_isKept_theDaemonsOwnGo() throws Exception {
    String hostBridge = "bh" + defaults.chainPrefix().substring(2).toLowerCase();
    bridges.add(hostBridge);
    NetTestKit.must("ip link add " + hostBridge + " type bridge");
    d.ok("network", "create", "-o", "com.docker.network.bridge.name=" + hostBridge, "hostbr");
    d.ok("run", "--rm", "--network", "hostbr", "busybox", "true");
    String made = userNetwork("made");
    d.ok("run", "--rm", "--network", "made", "busybox", "true");
    d.ok("run", "--rm", "busybox", "true");
    d.ok("network", "rm", "hostbr");
    assertThat(linkExists(hostBridge)).as("a host bridge after network rm").isTrue();
    assertThat(linkExists(made)).as("the daemon's own user bridge while its network exists").isTrue();

    d.stopDaemon();

    assertThat(linkExists(hostBridge)).as("a host bridge after the stop").isTrue();
    assertNothingLeft(made);
  }

  private void assertNothingLeft(String userBridge) throws Exception {
    assertThat(rules()).as("iptables rules of the stopped daemon").doesNotContain(defaults.chainPrefix() + "-");
    assertThat(linkExists(defaults.bridge())).as("default bridge " + defaults.bridge()).isFalse();
    if (userBridge != null) assertThat(linkExists(userBridge)).as("user network bridge " + userBridge).isFalse();
    assertThat(NetTestKit.sh("ip -br link")).doesNotContain(defaults.bridge());
  }

  /** Creates a user network and returns its bridge's name. */
  private String userNetwork(String name) throws Exception {
    String id = d.ok("network", "create", name).out().trim();
    String bridge = defaults.bridgePrefix() + id.substring(0, 8);
    bridges.add(bridge);
    return bridge;
  }

  private int hostPort(String container) throws Exception {
    String line = d.ok("port", container, "80").out().lines().findFirst().orElseThrow();
    return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
  }
}
