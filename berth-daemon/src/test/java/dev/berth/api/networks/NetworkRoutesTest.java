package dev.berth.api.networks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiTestServer;
import dev.berth.api.UnixHttp;
import dev.berth.oci.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkRoutesTest {
  @TempDir Path tmp;
  private ApiTestServer api;

  @BeforeEach
  void start() throws Exception {
    api = new ApiTestServer(tmp);
    api.images.add("busybox:latest", "2024-01-02T03:04:05Z", Map.of(), "bb".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private UnixHttp.Response post(String uri, String body) throws Exception {
    return UnixHttp.send(api.socket, "POST", uri, Map.of("Content-Type", "application/json"),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode json(UnixHttp.Response r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  private String createNetwork(String body) throws Exception {
    UnixHttp.Response r = post("/v1.47/networks/create", body);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return json(r).get("Id").asText();
  }

  private void createContainer(String name) throws Exception {
    UnixHttp.Response r = post("/v1.47/containers/create?name=" + name, "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
  }

  @Test
  void list_showsThePredefinedNetworks_filteredByName() throws Exception {
    JsonNode all = json(UnixHttp.get(api.socket, "/v1.47/networks"));
    assertThat(all.findValuesAsText("Name")).containsExactly("bridge", "host", "none");
    JsonNode some = json(UnixHttp.get(api.socket, "/networks?filters=%7B%22name%22%3A%5B%22host%22%5D%7D"));
    assertThat(some.findValuesAsText("Name")).containsExactly("host");
  }

  @Test
  void list_unknownFilter_is400() throws Exception {
    UnixHttp.Response r = UnixHttp.get(api.socket, "/networks?filters=%7B%22colour%22%3A%5B%22red%22%5D%7D");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("colour");
  }

  @Test
  void list_danglingTrue_showsOnlyUnusedUserNetworks() throws Exception {
    createNetwork("{\"Name\":\"used\"}");
    createNetwork("{\"Name\":\"idle\"}");
    createContainer("app");
    assertThat(post("/networks/used/connect", "{\"Container\":\"app\"}").status()).isEqualTo(200);
    JsonNode dangling = json(UnixHttp.get(api.socket, "/networks?filters=%7B%22dangling%22%3A%5B%22true%22%5D%7D"));
    assertThat(dangling.findValuesAsText("Name")).containsExactly("idle");
  }

  @Test
  void inspect_byNameOrIdPrefix_answersDockersShape_unknownIs404() throws Exception {
    JsonNode bridge = json(UnixHttp.get(api.socket, "/networks/bridge"));
    assertThat(bridge.get("Driver").asText()).isEqualTo("bridge");
    assertThat(bridge.get("Id").asText()).matches("[0-9a-f]{64}");
    assertThat(bridge.get("Scope").asText()).isEqualTo("local");
    assertThat(bridge.get("IPAM").get("Driver").asText()).isEqualTo("default");
    assertThat(bridge.get("IPAM").get("Config").get(0).get("Subnet").asText()).isEqualTo("172.30.0.0/16");
    assertThat(bridge.get("IPAM").get("Config").get(0).get("Gateway").asText()).isEqualTo("172.30.0.1");
    for (String field : new String[] {"Created", "EnableIPv6", "Internal", "Attachable", "Ingress", "ConfigFrom", "ConfigOnly",
        "Containers", "Options", "Labels"}) {
      assertThat(bridge.has(field)).as(field).isTrue();
    }
    String prefix = bridge.get("Id").asText().substring(0, 12);
    assertThat(json(UnixHttp.get(api.socket, "/networks/" + prefix)).get("Name").asText()).isEqualTo("bridge");
    assertThat(json(UnixHttp.get(api.socket, "/networks/none")).get("Driver").asText()).isEqualTo("null");
    UnixHttp.Response missing = UnixHttp.get(api.socket, "/networks/nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.text()).contains("network nope not found");
  }

  @Test
  void create_withSubnetGatewayLabelsInternal_reachesTheEngine_answers201WithId() throws Exception {
    UnixHttp.Response r = post("/v1.47/networks/create", "{\"Name\":\"web\",\"Driver\":\"bridge\",\"Internal\":true,"
        + "\"IPAM\":{\"Driver\":\"default\",\"Config\":[{\"Subnet\":\"10.89.0.0/24\",\"Gateway\":\"10.89.0.254\"}]},"
        + "\"Labels\":{\"tier\":\"front\"},\"Options\":{\"o\":\"v\"},\"CheckDuplicate\":true}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    JsonNode body = json(r);
    assertThat(body.get("Id").asText()).matches("[0-9a-f]{64}");
    assertThat(body.get("Warning").asText()).isEmpty();
    var req = api.networks.lastCreate;
    assertThat(req.name()).isEqualTo("web");
    assertThat(req.driver()).isEqualTo("bridge");
    assertThat(req.subnet()).isEqualTo("10.89.0.0/24");
    assertThat(req.gateway()).isEqualTo("10.89.0.254");
    assertThat(req.internal()).isTrue();
    assertThat(req.labels()).containsEntry("tier", "front");
    assertThat(req.options()).containsEntry("o", "v");
    assertThat(req.checkDuplicate()).isTrue();
    JsonNode web = json(UnixHttp.get(api.socket, "/networks/web"));
    assertThat(web.get("Internal").asBoolean()).isTrue();
    assertThat(web.get("Labels").get("tier").asText()).isEqualTo("front");
  }

  @Test
  void create_withoutIpam_leavesSubnetToThePool_defaultDriverIsBridge() throws Exception {
    createNetwork("{\"Name\":\"plain\"}");
    assertThat(api.networks.lastCreate.subnet()).isNull();
    assertThat(api.networks.lastCreate.gateway()).isNull();
    assertThat(api.networks.lastCreate.driver()).isEqualTo("bridge");
  }

  @Test
  void create_badRequests_are400_duplicateIs409() throws Exception {
    assertThat(post("/networks/create", "{}").status()).isEqualTo(400);
    assertThat(post("/networks/create", "").status()).isEqualTo(400);
    assertThat(post("/networks/create", "{\"Name\":").status()).isEqualTo(400);
    UnixHttp.Response v6 = post("/networks/create", "{\"Name\":\"six\",\"EnableIPv6\":true}");
    assertThat(v6.status()).isEqualTo(400);
    assertThat(v6.text()).contains("IPv6");
    createNetwork("{\"Name\":\"twice\"}");
    UnixHttp.Response dup = post("/networks/create", "{\"Name\":\"twice\"}");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.text()).contains("twice");
  }

  @Test
  void remove_userNetwork_is204_thenGone() throws Exception {
    createNetwork("{\"Name\":\"gone\"}");
    UnixHttp.Response r = UnixHttp.send(api.socket, "DELETE", "/v1.47/networks/gone", Map.of(), null);
    assertThat(r.status()).isEqualTo(204);
    assertThat(UnixHttp.get(api.socket, "/networks/gone").status()).isEqualTo(404);
  }

  @Test
  void remove_predefined_is403WithDockersMessage_andNeverReachesTheEngine() throws Exception {
    UnixHttp.Response r = UnixHttp.send(api.socket, "DELETE", "/networks/bridge", Map.of(), null);
    assertThat(r.status()).isEqualTo(403);
    assertThat(json(r).get("message").asText()).isEqualTo("bridge is a pre-defined network and cannot be removed");
    assertThat(api.networks.calls).noneMatch(c -> c.startsWith("remove"));
  }

  @Test
  void remove_inUse_is409() throws Exception {
    createNetwork("{\"Name\":\"busy\"}");
    createContainer("app");
    post("/networks/busy/connect", "{\"Container\":\"app\"}");
    assertThat(UnixHttp.send(api.socket, "DELETE", "/networks/busy", Map.of(), null).status()).isEqualTo(409);
  }

  @Test
  void connect_withAliasesAndAddress_showsInInspectContainers_thenDisconnect() throws Exception {
    String netId = createNetwork("{\"Name\":\"back\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.77.0.0/24\"}]}}");
    createContainer("db");
    UnixHttp.Response r = post("/v1.47/networks/back/connect",
        "{\"Container\":\"db\",\"EndpointConfig\":{\"Aliases\":[\"database\"],\"IPAMConfig\":{\"IPv4Address\":\"10.77.0.9\"}}}");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(api.networks.calls).contains("connect back db [database] 10.77.0.9");
    JsonNode containers = json(UnixHttp.get(api.socket, "/networks/" + netId)).get("Containers");
    assertThat(containers.size()).isEqualTo(1);
    JsonNode ep = containers.elements().next();
    assertThat(ep.get("Name").asText()).isEqualTo("db");
    assertThat(ep.get("IPv4Address").asText()).isEqualTo("10.77.0.9/24");
    assertThat(ep.get("EndpointID").asText()).matches("[0-9a-f]{64}");
    assertThat(ep.get("MacAddress").asText()).startsWith("02:42:");
    assertThat(ep.get("IPv6Address").asText()).isEmpty();

    UnixHttp.Response d = post("/networks/back/disconnect", "{\"Container\":\"db\",\"Force\":true}");
    assertThat(d.status()).as(d.text()).isEqualTo(200);
    assertThat(api.networks.calls).contains("disconnect back db true");
    assertThat(json(UnixHttp.get(api.socket, "/networks/back")).get("Containers").size()).isZero();
  }

  @Test
  void connect_withoutContainer_is400_unknownNetworkIs404() throws Exception {
    createNetwork("{\"Name\":\"n1\"}");
    assertThat(post("/networks/n1/connect", "{}").status()).isEqualTo(400);
    createContainer("app");
    assertThat(post("/networks/nosuch/connect", "{\"Container\":\"app\"}").status()).isEqualTo(404);
  }

  @Test
  void prune_removesUnusedUserNetworks_andListsThem() throws Exception {
    createNetwork("{\"Name\":\"idle\"}");
    createNetwork("{\"Name\":\"used\"}");
    createContainer("app");
    post("/networks/used/connect", "{\"Container\":\"app\"}");
    JsonNode r = json(post("/v1.47/networks/prune", null));
    assertThat(r.get("NetworksDeleted").get(0).asText()).isEqualTo("idle");
    assertThat(r.get("NetworksDeleted").size()).isEqualTo(1);
    JsonNode left = json(UnixHttp.get(api.socket, "/networks"));
    assertThat(java.util.stream.StreamSupport.stream(left.spliterator(), false).map(n -> n.get("Name").asText()))
        .containsExactly("bridge", "host", "none", "used");
  }
}
