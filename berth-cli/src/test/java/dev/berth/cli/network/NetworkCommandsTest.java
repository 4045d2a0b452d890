package dev.berth.cli.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.DaemonClient;
import dev.berth.testing.CliRun;
import dev.berth.testing.FakeDaemon;
import dev.berth.testing.FakeDaemon.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network commands and {@code berth port} against a scripted daemon: what they ask for and what they print. */
class NetworkCommandsTest {
  static final Instant NOW = Instant.parse("2026-11-28T05:00:00Z");
  static final String ID_A = "a1".repeat(32);
  static final String ID_B = "b2".repeat(32);

  @TempDir Path dir;
  FakeDaemon daemon;

  @BeforeEach
  void start() throws Exception {
    daemon = new FakeDaemon(dir);
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  CliRun berth(String... args) {
    return CliRun.run(daemon.host(), new byte[0], false, Clock.fixed(NOW, ZoneOffset.UTC), args);
  }

  CliRun berthWithInput(String stdin, String... args) {
    return CliRun.run(daemon.host(), stdin.getBytes(StandardCharsets.UTF_8), false, Clock.fixed(NOW, ZoneOffset.UTC), args);
  }

  static JsonNode body(FakeDaemon.Request r) throws Exception {
    return DaemonClient.mapper().readTree(r.body());
  }

  static String network(String id, String name, String driver) {
    return "{\"Name\":\"" + name + "\",\"Id\":\"" + id + "\",\"Created\":\"2026-11-28T04:00:00Z\",\"Scope\":\"local\",\"Driver\":\""
        + driver + "\",\"EnableIPv6\":false,\"Internal\":false,\"Labels\":{\"b\":\"2\",\"a\":\"1\"}}";
  }

  @Test
  void create_flags_becomeTheBody_andPrintTheId() throws Exception {
    daemon.route("POST /networks/create", r -> Response.json(201, "{\"Id\":\"" + ID_A + "\",\"Warning\":\"\"}"));
    CliRun run = berth("network", "create", "--subnet", "10.89.0.0/24", "--gateway", "10.89.0.254", "--internal",
        "--label", "tier=front", "-o", "k=v", "web");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(ID_A + "\n");
    JsonNode body = body(daemon.last("POST /networks/create"));
    assertThat(body.get("Name").asText()).isEqualTo("web");
    assertThat(body.get("Driver").asText()).isEqualTo("bridge");
    assertThat(body.get("Internal").asBoolean()).isTrue();
    assertThat(body.get("IPAM").get("Config").get(0).get("Subnet").asText()).isEqualTo("10.89.0.0/24");
    assertThat(body.get("IPAM").get("Config").get(0).get("Gateway").asText()).isEqualTo("10.89.0.254");
    assertThat(body.get("Labels").get("tier").asText()).isEqualTo("front");
    assertThat(body.get("Options").get("k").asText()).isEqualTo("v");
  }

  @Test
  void create_withoutSubnet_sendsNoIpamConfig() throws Exception {
    daemon.route("POST /networks/create", r -> Response.json(201, "{\"Id\":\"" + ID_A + "\",\"Warning\":\"\"}"));
    assertThat(berth("network", "create", "plain").status()).isZero();
    assertThat(body(daemon.last("POST /networks/create")).get("IPAM").get("Config").size()).isZero();
  }

  @Test
  void ls_printsDockersTable_sortedByName_idsShortened() {
    daemon.route("GET /networks", r -> Response.ok("[" + network(ID_B, "web", "bridge") + "," + network(ID_A, "bridge", "bridge") + "]"));
    CliRun run = berth("network", "ls");
    assertThat(run.status()).as(run.err()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines[0]).matches("NETWORK ID +NAME +DRIVER +SCOPE");
    assertThat(lines[1]).matches(ID_A.substring(0, 12) + " +bridge +bridge +local");
    assertThat(lines[2]).matches(ID_B.substring(0, 12) + " +web +bridge +local");
  }

  @Test
  void ls_quietAndFilter_printIdsAndSendTheFilter() {
    daemon.route("GET /networks", r -> Response.ok("[" + network(ID_B, "web", "bridge") + "]"));
    CliRun run = berth("network", "ls", "-q", "--no-trunc", "-f", "name=web");
    assertThat(run.out()).isEqualTo(ID_B + "\n");
    assertThat(daemon.last("GET /networks").param("filters")).contains("\"name\"").contains("web");
  }

  @Test
  void ls_formatTemplate_usesDockersFieldNames() {
    daemon.route("GET /networks", r -> Response.ok("[" + network(ID_B, "web", "bridge") + "]"));
    CliRun run = berth("network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Labels}}");
    assertThat(run.out()).isEqualTo("web bridge a=1,b=2\n");
  }

  @Test
  void inspect_printsTheArray_missingOneExits1() {
    daemon.route("GET /networks/web", r -> Response.ok(network(ID_B, "web", "bridge")));
    daemon.route("GET /networks/nope", r -> Response.error(404, "network nope not found"));
    CliRun run = berth("network", "inspect", "web", "nope");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).startsWith("[").contains("\"Name\": \"web\"");
    assertThat(run.err()).contains("network nope not found");
  }

  @Test
  void rm_printsEachName_goesOnPastAFailure() {
    daemon.route("DELETE /networks/web", r -> Response.json(204, ""));
    daemon.route("DELETE /networks/bridge", r -> Response.error(403, "bridge is a pre-defined network and cannot be removed"));
    CliRun run = berth("network", "rm", "bridge", "web");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("web\n");
    assertThat(run.err()).contains("Error response from daemon: bridge is a pre-defined network and cannot be removed");
  }

  @Test
  void connect_aliasAndIp_becomeTheEndpointConfig() throws Exception {
    daemon.route("POST /networks/web/connect", r -> Response.json(200, ""));
    CliRun run = berth("network", "connect", "--alias", "db", "--alias", "store", "--ip", "10.89.0.9", "web", "app");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    JsonNode body = body(daemon.last("POST /networks/web/connect"));
    assertThat(body.get("Container").asText()).isEqualTo("app");
    assertThat(body.get("EndpointConfig").get("Aliases").get(1).asText()).isEqualTo("store");
    assertThat(body.get("EndpointConfig").get("IPAMConfig").get("IPv4Address").asText()).isEqualTo("10.89.0.9");
  }

  @Test
  void disconnect_force_isSent() throws Exception {
    daemon.route("POST /networks/web/disconnect", r -> Response.json(200, ""));
    assertThat(berth("network", "disconnect", "-f", "web", "app").status()).isZero();
    JsonNode body = body(daemon.last("POST /networks/web/disconnect"));
    assertThat(body.get("Container").asText()).isEqualTo("app");
    assertThat(body.get("Force").asBoolean()).isTrue();
  }

  @Test
  void prune_asksFirst_thenListsTheDeleted() {
    daemon.route("POST /networks/prune", r -> Response.ok("{\"NetworksDeleted\":[\"idle\"]}"));
    CliRun declined = berthWithInput("n\n", "network", "prune");
    assertThat(declined.out()).contains(NetworkPruneCommand.WARNING);
    assertThat(daemon.requests()).noneMatch(r -> r.path().equals("/networks/prune"));
    CliRun run = berth("network", "prune", "-f");
    assertThat(run.out()).isEqualTo("Deleted Networks:\nidle\n");
  }

  static final String INSPECT_WITH_PORTS = "{\"Id\":\"" + ID_A + "\",\"NetworkSettings\":{\"Ports\":{"
      + "\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8080\"},{\"HostIp\":\"::\",\"HostPort\":\"8080\"}],"
      + "\"53/udp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"5353\"}],\"443/tcp\":null}}}";

  @Test
  void port_all_printsDockersLines() {
    daemon.route("GET /containers/web/json", r -> Response.ok(INSPECT_WITH_PORTS));
    CliRun run = berth("port", "web");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n53/udp -> 127.0.0.1:5353\n");
  }

  @Test
  void port_one_printsItsAddresses_unpublishedIsAnError() {
    daemon.route("GET /containers/web/json", r -> Response.ok(INSPECT_WITH_PORTS));
    assertThat(berth("port", "web", "53/udp").out()).isEqualTo("127.0.0.1:5353\n");
    assertThat(berth("container", "port", "web", "80").out()).isEqualTo("0.0.0.0:8080\n[::]:8080\n");
    CliRun missing = berth("port", "web", "443");
    assertThat(missing.status()).isNotZero();
    assertThat(missing.err()).contains("No public port '443/tcp' published for web");
  }
}
