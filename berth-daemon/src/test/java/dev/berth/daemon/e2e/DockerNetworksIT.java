package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.network.NetworkDefaults;
import dev.berth.oci.Json;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * Networking end to end with the docker CLI against a real berthd that has its own bridge, subnets and iptables
 * chain prefix: network commands, names and aliases on a user network, published ports reachable on loopback,
 * {@code docker port}, {@code -P}, a port already taken; after the daemon stops, nothing of it is left.
 */
class DockerNetworksIT extends NetworkDaemonTestBase {
  private static final String HTTPD = "mkdir -p /www && echo hello-from-$(hostname) > /www/index.html && exec httpd -f -p 80 -h /www";

  @Override
  protected NetworkDefaults networkDefaults() {
    return NetTestKit.uniqueDefaults("bd");
  }

  /**
   * With no container left, berthd removes its chains and bridges itself (the fixture's teardown is only a safety
   * net): no bridge of its networks, no rule of its prefix, no netns file.
   */
  @Override
  protected void afterStop(Leftovers left) {
    assertThat(left.rules()).as("iptables rules of the stopped daemon").doesNotContain(defaults.chainPrefix() + "-");
    assertThat(left.bridges()).as("bridges of the stopped daemon").isEmpty();
    assertThat(left.netnsFiles()).as("netns files of the stopped daemon").isFalse();
  }

  private int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A plain HTTP GET to 127.0.0.1:port, retried while the server starts; the whole reply. */
  private String get(int port) throws Exception {
    return NetTestKit.get("127.0.0.1", port, "/");
  }

  @Test
  void networkCommands_createLsInspectConnectDisconnectRmPrune() throws Exception {
    String id = d.ok("network", "create", "--label", "t=1", "front").out().trim();
    assertThat(id).matches("[0-9a-f]{64}");
    assertThat(d.ok("network", "ls").out()).containsPattern(id.substring(0, 12) + " +front +bridge +local");
    JsonNode net = Json.MAPPER.readTree(d.ok("network", "inspect", "front").out()).get(0);
    assertThat(net.get("IPAM").get("Config").get(0).get("Subnet").asText()).endsWith("/24");
    assertThat(net.get("Labels").get("t").asText()).isEqualTo("1");
    d.ok("run", "-d", "--name", "box", "busybox", "sleep", "60");
    d.ok("network", "connect", "--alias", "boxy", "front", "box");
    JsonNode containers = Json.MAPPER.readTree(d.ok("network", "inspect", "front").out()).get(0).get("Containers");
    assertThat(containers.size()).isEqualTo(1);
    assertThat(containers.elements().next().get("IPv4Address").asText()).contains("/24");
    assertThat(d.docker("network", "rm", "front").exit()).isNotZero();
    d.ok("network", "disconnect", "front", "box");
    d.ok("network", "create", "idle");
    assertThat(d.ok("network", "prune", "-f").out()).contains("front").contains("idle");
    var r = d.docker("network", "rm", "bridge");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("bridge is a pre-defined network and cannot be removed");
  }

  @Test
  void userNetwork_containerReachesAnotherByNameAndAlias() throws Exception {
    d.ok("network", "create", "app");
    d.ok("run", "-d", "--name", "srv", "--network", "app", "--network-alias", "web", "busybox", "sh", "-c", HTTPD);
    String byName = d.ok("run", "--rm", "--network", "app", "busybox", "sh", "-c",
        "for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://srv/ && exit 0; sleep 0.3; done; exit 1").out();
    assertThat(byName).startsWith("hello-from-");
    String byAlias = d.ok("run", "--rm", "--network", "app", "busybox", "wget", "-qO-", "http://web/").out();
    assertThat(byAlias).isEqualTo(byName);
    JsonNode s = Json.MAPPER.readTree(d.ok("inspect", "srv").out()).get(0).get("NetworkSettings");
    assertThat(s.get("Networks").get("app").get("IPAddress").asText()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
  }

  @Test
  void publishedPort_onLoopback_answers_dockerPortShowsIt_takenPortIsRefused() throws Exception {
    int port = freePort();
    d.ok("run", "-d", "--name", "pub", "-p", "127.0.0.1:" + port + ":80", "busybox", "sh", "-c", HTTPD);
    assertThat(get(port)).contains("hello-from-");
    assertThat(d.ok("port", "pub").out().trim()).isEqualTo("80/tcp -> 127.0.0.1:" + port);
    assertThat(d.ok("port", "pub", "80").out().trim()).isEqualTo("127.0.0.1:" + port);
    JsonNode ports = Json.MAPPER.readTree(d.ok("inspect", "pub").out()).get(0).get("NetworkSettings").get("Ports");
    assertThat(ports.get("80/tcp").get(0).get("HostPort").asText()).isEqualTo(Integer.toString(port));
    assertThat(d.ok("ps", "--format", "{{.Ports}}").out()).contains("127.0.0.1:" + port + "->80/tcp");

    var taken = d.docker("run", "-d", "--name", "twice", "-p", "127.0.0.1:" + port + ":80", "busybox", "sleep", "60");
    assertThat(taken.exit()).isNotZero();
    assertThat(taken.err()).containsIgnoringCase("already");
    assertThat(d.ok("inspect", "-f", "{{.State.Running}}", "twice").out().trim()).isEqualTo("false");
  }

  @Test
  void publishAll_exposedPortGetsARandomHostPort() throws Exception {
    d.ok("run", "-d", "--name", "all", "--expose", "80", "-P", "busybox", "sh", "-c", HTTPD);
    String line = d.ok("port", "all", "80").out().lines().findFirst().orElseThrow();
    int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
    assertThat(port).isPositive();
    assertThat(get(port)).contains("hello-from-");
  }

  @Test
  void link_givesDockersEnvironmentAndHostsEntry() throws Exception {
    d.ok("run", "-d", "--name", "redis", "--expose", "6379", "-e", "MODE=test", "busybox", "sleep", "60");
    String ip = d.ok("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "redis").out().trim();
    assertThat(ip).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
    String out = d.ok("run", "--rm", "--link", "redis:db", "busybox", "sh", "-c", "env; grep -w db /etc/hosts").out();
    assertThat(out).contains("DB_PORT=tcp://" + ip + ":6379", "DB_PORT_6379_TCP=tcp://" + ip + ":6379",
        "DB_PORT_6379_TCP_ADDR=" + ip, "DB_PORT_6379_TCP_PORT=6379", "DB_PORT_6379_TCP_PROTO=tcp", "DB_ENV_MODE=test");
    assertThat(out).containsPattern(java.util.regex.Pattern.quote(ip) + "\\s+db");
  }
}
