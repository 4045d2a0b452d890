package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.network.NetworkDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The congestion control of the host's route to a bridge, end to end with the docker CLI against a berthd of its
 * own: on a host whose TCP default is BBR (with cubic available) the route to each bridge's subnet says
 * {@code congctl cubic} once a container is on it, the container's own routes do not, and the route goes with the
 * network. On any other host the route has no {@code congctl} at all.
 */
class DockerBridgeCongestionIT extends NetworkDaemonTestBase {
  @Override
  protected NetworkDefaults networkDefaults() {
    return NetTestKit.uniqueDefaults("bq");
  }

  @Override
  protected void afterStop(Leftovers left) {
    assertThat(left.bridges()).as("bridges of the stopped daemon").isEmpty();
    assertThat(left.rules()).as("no chain or rule of the daemon is left").doesNotContain(defaults.chainPrefix() + "-");
  }

  /** cubic when the host's default is bbr and cubic is available, as berthd decides; else null. */
  private static String expected() throws Exception {
    String current = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_congestion_control")).strip();
    String available = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_available_congestion_control")).strip();
    return current.equals("bbr") && List.of(available.split("\\s+")).contains("cubic") ? "cubic" : null;
  }

  private static void assertCongestion(String route, String expected) {
    assertThat(route).contains("proto kernel");
    if (expected != null) {
      assertThat(route).contains("congctl " + expected);
    } else {
      assertThat(route).doesNotContain("congctl");
    }
  }

  @Test
  void defaultNetwork_container_hostRouteToTheBridgeTakesTheInternalCongestionControl_containersRoutesDoNot() throws Exception {
    d.ok("run", "-d", "--name", "onbridge", "busybox", "sleep", "600");

    assertCongestion(NetTestKit.argv("ip", "-4", "route", "show", defaults.subnet().toString(), "dev", defaults.bridge()),
        expected());
    assertThat(d.ok("exec", "onbridge", "ip", "route").out()).contains("default via").doesNotContain("congctl");
  }

  @Test
  void userNetwork_container_routeSetAndGoneWithTheNetwork() throws Exception {
    d.ok("network", "create", "fast");
    String subnet = d.ok("network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", "fast").out().strip();
    String bridge = defaults.bridgePrefix() + d.ok("network", "inspect", "-f", "{{.Id}}", "fast").out().strip().substring(0, 8);
    bridges.add(bridge);
    d.ok("run", "-d", "--name", "onfast", "--network", "fast", "busybox", "sleep", "600");

    assertCongestion(NetTestKit.argv("ip", "-4", "route", "show", subnet, "dev", bridge), expected());

    d.ok("rm", "-f", "onfast");
    d.ok("network", "rm", "fast");
    assertThat(NetTestKit.linkExists(bridge)).as("bridge %s", bridge).isFalse();
    assertThat(NetTestKit.argv("ip", "-4", "route", "show", subnet)).as("route to %s", subnet).isBlank();
  }
}
