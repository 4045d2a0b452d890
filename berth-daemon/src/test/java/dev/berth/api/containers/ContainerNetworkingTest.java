package dev.berth.api.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiTestServer;
import dev.berth.api.UnixHttp;
import dev.berth.engine.NetworkSettings;
import dev.berth.engine.NetworkSettings.EndpointSettings;
import dev.berth.network.PortMapping;
import dev.berth.oci.Json;
import dev.berth.runtime.container.NetworkConfig;
import dev.berth.runtime.container.NetworkConfig.EndpointConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The networking fields of create, inspect and ps, through a real socket over the fake engine. */
class ContainerNetworkingTest {
  /** What docker CLI 28 sends for {@code run -p 127.0.0.1:8080:80 -p 53/udp -P --network web --network-alias api --ip 10.89.0.9 --link db:database --dns 10.0.0.53 --dns-search corp --dns-option ndots:2 --add-host h:1.2.3.4}. */
  private static final String CLI_BODY = """
      {"Image":"busybox","Cmd":["httpd"],"ExposedPorts":{"53/udp":{},"80/tcp":{}},
       "HostConfig":{"NetworkMode":"web","PortBindings":{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}],
         "53/udp":[{"HostIp":"","HostPort":""}]},"PublishAllPorts":true,"Links":["db:database"],"Dns":["10.0.0.53"],
         "DnsSearch":["corp"],"DnsOptions":["ndots:2"],"ExtraHosts":["h:1.2.3.4"]},
       "NetworkingConfig":{"EndpointsConfig":{"web":{"IPAMConfig":{"IPv4Address":"10.89.0.9"},"Aliases":["api"]}}}}""";

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

  private UnixHttp.Response create(String name, String body) throws Exception {
    return UnixHttp.send(api.socket, "POST", "/v1.47/containers/create?name=" + name, Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode get(String uri) throws Exception {
    return Json.MAPPER.readTree(UnixHttp.get(api.socket, uri).body());
  }

  @Test
  void create_cliNetworkFlags_becomeTheNetworkConfig() throws Exception {
    UnixHttp.Response r = create("web1", CLI_BODY);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    NetworkConfig n = api.containers.lastCreateRequest.network();
    assertThat(n.mode()).isEqualTo("web");
    assertThat(n.ports()).containsExactly(new PortMapping("udp", 53, "0.0.0.0", 0), new PortMapping("tcp", 80, "127.0.0.1", 8080));
    assertThat(n.publishAll()).isTrue();
    assertThat(n.links()).containsExactly("db:database");
    assertThat(n.dns()).containsExactly("10.0.0.53");
    assertThat(n.dnsSearch()).containsExactly("corp");
    assertThat(n.dnsOptions()).containsExactly("ndots:2");
    assertThat(n.extraHosts()).containsExactly("h:1.2.3.4");
    assertThat(n.endpoint("web")).isEqualTo(new EndpointConfig(List.of("api"), "10.89.0.9"));
  }

  @Test
  void inspect_hostConfig_showsTheNetworkFieldsBack() throws Exception {
    create("web1", CLI_BODY);
    JsonNode h = get("/containers/web1/json").get("HostConfig");
    assertThat(h.get("NetworkMode").asText()).isEqualTo("web");
    assertThat(h.get("PortBindings").get("80/tcp").get(0).get("HostIp").asText()).isEqualTo("127.0.0.1");
    assertThat(h.get("PortBindings").get("80/tcp").get(0).get("HostPort").asText()).isEqualTo("8080");
    assertThat(h.get("PortBindings").get("53/udp").get(0).get("HostPort").asText()).isEmpty();
    assertThat(h.get("PublishAllPorts").asBoolean()).isTrue();
    assertThat(h.get("Links").get(0).asText()).isEqualTo("db:database");
    assertThat(h.get("Dns").get(0).asText()).isEqualTo("10.0.0.53");
    assertThat(h.get("DnsSearch").get(0).asText()).isEqualTo("corp");
    assertThat(h.get("DnsOptions").get(0).asText()).isEqualTo("ndots:2");
    assertThat(h.get("ExtraHosts").get(0).asText()).isEqualTo("h:1.2.3.4");
  }

  @Test
  void create_badPortBindings_is400NamingThePort() throws Exception {
    UnixHttp.Response range = create("rr", "{\"Image\":\"busybox\",\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"8000-8010\"}]}}}");
    assertThat(range.status()).isEqualTo(400);
    assertThat(range.text()).contains("8000-8010");
    UnixHttp.Response bad = create("bb", "{\"Image\":\"busybox\",\"HostConfig\":{\"PortBindings\":{\"http/tcp\":[{\"HostPort\":\"80\"}]}}}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.text()).contains("http");
    UnixHttp.Response links = create("ll", "{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"host\",\"Links\":[\"db:x\"]}}");
    assertThat(links.status()).isEqualTo(400);
    assertThat(links.text()).contains("host type networking can't be used with links");
  }

  private String runningWithNetworking() throws Exception {
    UnixHttp.Response r = create("web1", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"9\"],\"ExposedPorts\":{\"80/tcp\":{},\"443/tcp\":{}}}");
    String id = Json.MAPPER.readTree(r.body()).get("Id").asText();
    api.containers.networkSettings.put(id, new NetworkSettings(Map.of("bridge",
        new EndpointSettings("net1", "ep1", "172.30.0.1", "172.30.0.5", 16, "02:42:ac:1e:00:05", List.of(), List.of())),
        List.of(new PortMapping("tcp", 80, "127.0.0.1", 32768)), "/run/berth/netns/" + id));
    assertThat(UnixHttp.send(api.socket, "POST", "/containers/web1/start", Map.of(), null).status()).isEqualTo(204);
    return id;
  }

  @Test
  void inspect_running_showsNetworksPortsAndTheLegacyBridgeFields() throws Exception {
    String id = runningWithNetworking();
    JsonNode s = get("/v1.47/containers/web1/json").get("NetworkSettings");
    assertThat(s.get("IPAddress").asText()).isEqualTo("172.30.0.5");
    assertThat(s.get("Gateway").asText()).isEqualTo("172.30.0.1");
    assertThat(s.get("IPPrefixLen").asInt()).isEqualTo(16);
    assertThat(s.get("MacAddress").asText()).isEqualTo("02:42:ac:1e:00:05");
    assertThat(s.get("SandboxKey").asText()).endsWith(id);
    assertThat(s.get("Ports").get("80/tcp").get(0).get("HostIp").asText()).isEqualTo("127.0.0.1");
    assertThat(s.get("Ports").get("80/tcp").get(0).get("HostPort").asText()).isEqualTo("32768");
    assertThat(s.get("Ports").has("443/tcp")).as("an exposed port without bindings is kept, as null").isTrue();
    assertThat(s.get("Ports").get("443/tcp").isNull()).isTrue();
    JsonNode bridge = s.get("Networks").get("bridge");
    assertThat(bridge.get("NetworkID").asText()).isEqualTo("net1");
    assertThat(bridge.get("EndpointID").asText()).isEqualTo("ep1");
    assertThat(bridge.get("IPAddress").asText()).isEqualTo("172.30.0.5");
  }

  @Test
  void ps_running_listsPublishedThenExposedPorts() throws Exception {
    runningWithNetworking();
    JsonNode c = get("/v1.47/containers/json").get(0);
    JsonNode ports = c.get("Ports");
    assertThat(ports.size()).isEqualTo(2);
    assertThat(ports.get(0).get("IP").asText()).isEqualTo("127.0.0.1");
    assertThat(ports.get(0).get("PrivatePort").asInt()).isEqualTo(80);
    assertThat(ports.get(0).get("PublicPort").asInt()).isEqualTo(32768);
    assertThat(ports.get(0).get("Type").asText()).isEqualTo("tcp");
    assertThat(ports.get(1).get("PrivatePort").asInt()).isEqualTo(443);
    assertThat(ports.get(1).has("PublicPort")).isFalse();
    assertThat(c.get("NetworkSettings").get("Networks").get("bridge").get("IPAddress").asText()).isEqualTo("172.30.0.5");
  }

  @Test
  void inspect_created_hasEmptyPortsAndNoAddress() throws Exception {
    create("idle", "{\"Image\":\"busybox\",\"ExposedPorts\":{\"80/tcp\":{}}}");
    JsonNode s = get("/containers/idle/json").get("NetworkSettings");
    assertThat(s.get("Ports").size()).isZero();
    assertThat(s.get("IPAddress").asText()).isEmpty();
    assertThat(s.get("Networks").isObject()).isTrue();
  }
}
