package dev.berth.api.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiTestServer;
import dev.berth.api.UnixHttp;
import dev.berth.oci.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The answer-at-once /containers routes through a real socket over the fake engine: JSON shapes and statuses. */
class ContainerRoutesTest {
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

  private String create(String name, String body) throws Exception {
    UnixHttp.Response r = post("/v1.47/containers/create?name=" + name, body);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return Json.MAPPER.readTree(r.body()).get("Id").asText();
  }

  private static JsonNode json(UnixHttp.Response r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void inspect_createdContainer_hasDockersFullShape() throws Exception {
    String id = create("web", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"9\"],\"Labels\":{\"a\":\"b\"},"
        + "\"HostConfig\":{\"Binds\":[\"/srv:/srv:ro\"],\"Memory\":67108864}}");
    JsonNode c = json(UnixHttp.get(api.socket, "/v1.47/containers/web/json"));
    assertThat(c.get("Id").asText()).isEqualTo(id);
    assertThat(c.get("Name").asText()).isEqualTo("/web");
    assertThat(c.get("Path").asText()).isEqualTo("sleep");
    assertThat(c.get("Args").get(0).asText()).isEqualTo("9");
    assertThat(c.get("Image").asText()).startsWith("sha256:");
    JsonNode state = c.get("State");
    assertThat(state.get("Status").asText()).isEqualTo("created");
    assertThat(state.get("Running").asBoolean()).isFalse();
    assertThat(state.get("Pid").asLong()).isZero();
    assertThat(state.get("StartedAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(state.has("Health")).isFalse();
    for (String field : new String[] {"Created", "ResolvConfPath", "HostnamePath", "HostsPath", "LogPath", "RestartCount",
        "Driver", "Platform", "MountLabel", "ProcessLabel", "AppArmorProfile", "ExecIDs", "GraphDriver", "Mounts", "NetworkSettings"}) {
      assertThat(c.has(field)).as(field).isTrue();
    }
    assertThat(c.get("HostsPath").asText()).endsWith(id + "/hosts");
    assertThat(c.get("Config").get("Image").asText()).isEqualTo("busybox");
    assertThat(c.get("Config").get("Labels").get("a").asText()).isEqualTo("b");
    assertThat(c.get("Config").get("Env").get(0).asText()).isEqualTo("PATH=/bin");
    assertThat(c.get("HostConfig").get("Memory").asLong()).isEqualTo(64L << 20);
    assertThat(c.get("HostConfig").get("NetworkMode").asText()).isEqualTo("default");
    assertThat(c.get("HostConfig").get("Mounts").get(0).get("Type").asText()).isEqualTo("bind");
    assertThat(c.get("Mounts").get(0).get("Destination").asText()).isEqualTo("/srv");
    assertThat(c.get("Mounts").get(0).get("RW").asBoolean()).isFalse();
    assertThat(c.get("NetworkSettings").get("Networks").isObject()).isTrue();
    assertThat(c.has("SizeRw")).isFalse();
    assertThat(json(UnixHttp.get(api.socket, "/containers/web/json?size=1")).get("SizeRw").asLong()).isEqualTo(12);
  }

  @Test
  void inspect_withoutHostname_configShowsTheShortIdUnlessTheNamespaceIsShared() throws Exception {
    String plain = create("plain", "{\"Image\":\"busybox\"}");
    create("named", "{\"Image\":\"busybox\",\"Hostname\":\"box\"}");
    create("onhost", "{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"host\"}}");
    assertThat(json(UnixHttp.get(api.socket, "/containers/plain/json")).get("Config").get("Hostname").asText())
        .isEqualTo(plain.substring(0, 12));
    assertThat(json(UnixHttp.get(api.socket, "/containers/named/json")).get("Config").get("Hostname").asText()).isEqualTo("box");
    assertThat(json(UnixHttp.get(api.socket, "/containers/onhost/json")).get("Config").get("Hostname").asText()).isEmpty();
  }

  @Test
  void inspect_unknown_is404NoSuchContainer() throws Exception {
    UnixHttp.Response r = UnixHttp.get(api.socket, "/v1.47/containers/nope/json");
    assertThat(r.status()).isEqualTo(404);
    assertThat(json(r).get("message").asText()).isEqualTo("No such container: nope");
  }

  @Test
  void list_runningAndAll_givePsSummariesWithStatusText() throws Exception {
    create("one", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"9\"]}");
    create("two", "{\"Image\":\"busybox\",\"Cmd\":[\"exit\",\"3\"]}");
    create("three", "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"Labels\":{\"x\":\"y\"}}");
    assertThat(post("/containers/one/start", null).status()).isEqualTo(204);
    assertThat(post("/containers/two/start", null).status()).isEqualTo(204);
    JsonNode running = json(UnixHttp.get(api.socket, "/v1.47/containers/json"));
    assertThat(running).hasSize(1);
    JsonNode one = running.get(0);
    assertThat(one.get("Names").get(0).asText()).isEqualTo("/one");
    assertThat(one.get("Image").asText()).isEqualTo("busybox");
    assertThat(one.get("Command").asText()).isEqualTo("sleep 9");
    assertThat(one.get("State").asText()).isEqualTo("running");
    assertThat(one.get("Status").asText()).matches("Up (Less than a second|\\d+ seconds?)");
    assertThat(one.get("HostConfig").get("NetworkMode").asText()).isEqualTo("default");
    assertThat(one.get("Ports").isArray()).isTrue();
    assertThat(one.has("SizeRw")).isFalse();
    JsonNode all = json(UnixHttp.get(api.socket, "/containers/json?all=1&size=1"));
    assertThat(all).hasSize(3);
    assertThat(all.get(0).get("Names").get(0).asText()).isEqualTo("/three");
    assertThat(all.get(0).get("Status").asText()).isEqualTo("Created");
    assertThat(all.get(1).get("Status").asText()).matches("Exited \\(3\\) (Less than a second|\\d+ seconds?) ago");
    assertThat(all.get(0).get("SizeRw").asLong()).isEqualTo(12);
    String filter = URLEncoder.encode("{\"label\":[\"x=y\"]}", StandardCharsets.UTF_8);
    assertThat(json(UnixHttp.get(api.socket, "/containers/json?all=1&filters=" + filter))).hasSize(1);
    assertThat(json(UnixHttp.get(api.socket, "/containers/json?limit=2"))).hasSize(2);
    assertThat(UnixHttp.get(api.socket, "/containers/json?filters=" + URLEncoder.encode("{\"colour\":[\"x\"]}", StandardCharsets.UTF_8)).status())
        .isEqualTo(400);
  }

  @Test
  void startStop_repeated_give304() throws Exception {
    create("svc", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"9\"]}");
    assertThat(post("/containers/svc/start", null).status()).isEqualTo(204);
    assertThat(post("/containers/svc/start", null).status()).isEqualTo(304);
    assertThat(post("/containers/svc/stop?t=3&signal=SIGINT", null).status()).isEqualTo(204);
    assertThat(api.containers.calls).anyMatch(c -> c.endsWith("t=3 signal=SIGINT"));
    assertThat(json(UnixHttp.get(api.socket, "/containers/svc/json")).get("State").get("ExitCode").asInt()).isEqualTo(130);
    assertThat(post("/containers/svc/stop", null).status()).isEqualTo(304);
    assertThat(post("/containers/svc/stop?t=soon", null).status()).isEqualTo(400);
  }

  @Test
  void killPauseRestart_followTheStateMachine() throws Exception {
    create("kk", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"9\"]}");
    UnixHttp.Response notRunning = post("/containers/kk/kill", null);
    assertThat(notRunning.status()).isEqualTo(409);
    assertThat(post("/containers/kk/start", null).status()).isEqualTo(204);
    assertThat(post("/containers/kk/pause", null).status()).isEqualTo(204);
    JsonNode paused = json(UnixHttp.get(api.socket, "/containers/kk/json")).get("State");
    assertThat(paused.get("Status").asText()).isEqualTo("paused");
    assertThat(paused.get("Paused").asBoolean()).isTrue();
    assertThat(paused.get("Running").asBoolean()).isTrue();
    UnixHttp.Response again = post("/containers/kk/pause", null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.text()).contains("paused");
    assertThat(post("/containers/kk/unpause", null).status()).isEqualTo(204);
    assertThat(post("/containers/kk/restart?t=1", null).status()).isEqualTo(204);
    assertThat(json(UnixHttp.get(api.socket, "/containers/kk/json")).get("State").get("Status").asText()).isEqualTo("running");
    assertThat(post("/containers/kk/kill?signal=SIGUSR1", null).status()).isEqualTo(204);
    assertThat(json(UnixHttp.get(api.socket, "/containers/kk/json")).get("State").get("ExitCode").asInt()).isEqualTo(138);
    assertThat(post("/containers/kk/start", null).status()).isEqualTo(204);
    assertThat(post("/containers/kk/kill?signal=NOPE", null).status()).isEqualTo(400);
  }

  @Test
  void remove_runningWithoutForce_is409_withForceIs204() throws Exception {
    create("rr", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"9\"]}");
    post("/containers/rr/start", null);
    UnixHttp.Response refused = UnixHttp.send(api.socket, "DELETE", "/v1.47/containers/rr", Map.of(), null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.text()).contains("container is running");
    assertThat(UnixHttp.send(api.socket, "DELETE", "/v1.47/containers/rr?force=1&v=1", Map.of(), null).status()).isEqualTo(204);
    assertThat(api.containers.calls).anyMatch(c -> c.startsWith("remove ") && c.endsWith("volumes=true"));
    assertThat(UnixHttp.get(api.socket, "/containers/rr/json").status()).isEqualTo(404);
  }

  @Test
  void renameUpdateResizeTopPrune_answerAsDocker() throws Exception {
    String id = create("old", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"9\"],\"HostConfig\":{\"Memory\":67108864}}");
    assertThat(post("/containers/old/rename?name=new", null).status()).isEqualTo(204);
    assertThat(json(UnixHttp.get(api.socket, "/containers/" + id.substring(0, 12) + "/json")).get("Name").asText()).isEqualTo("/new");
    assertThat(post("/containers/new/rename", null).status()).isEqualTo(400);
    UnixHttp.Response update = post("/containers/new/update", "{\"Memory\":134217728,\"NanoCpus\":0,\"RestartPolicy\":{\"Name\":\"always\"}}");
    assertThat(update.status()).as(update.text()).isEqualTo(200);
    assertThat(json(update).get("Warnings").isArray()).isTrue();
    JsonNode host = json(UnixHttp.get(api.socket, "/containers/new/json")).get("HostConfig");
    assertThat(host.get("Memory").asLong()).isEqualTo(128L << 20);
    assertThat(host.get("RestartPolicy").get("Name").asText()).isEqualTo("always");
    assertThat(post("/containers/new/resize?h=40&w=120", null).status()).isEqualTo(409);
    post("/containers/new/start", null);
    assertThat(post("/containers/new/resize?h=40&w=120", null).status()).isEqualTo(200);
    assertThat(api.containers.calls).anyMatch(c -> c.endsWith("40x120"));
    assertThat(post("/containers/new/resize?h=x&w=1", null).status()).isEqualTo(400);
    JsonNode top = json(UnixHttp.get(api.socket, "/containers/new/top?ps_args=aux"));
    assertThat(top.get("Titles").get(1).asText()).isEqualTo("PID");
    assertThat(top.get("Processes").get(0).get(7).asText()).isEqualTo("sleep 9");
    assertThat(api.containers.calls).contains("top aux");
    create("done", "{\"Image\":\"busybox\",\"Cmd\":[\"exit\",\"0\"]}");
    JsonNode pruned = json(post("/containers/prune", null));
    assertThat(pruned.get("ContainersDeleted")).hasSize(1);
    assertThat(pruned.get("SpaceReclaimed").asLong()).isZero();
  }

  @Test
  void stats_oneShotAndTwoSamples_haveDockersShape() throws Exception {
    create("ss", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"9\"],\"HostConfig\":{\"Memory\":67108864}}");
    post("/containers/ss/start", null);
    JsonNode one = json(UnixHttp.get(api.socket, "/containers/ss/stats?stream=false&one-shot=true"));
    assertThat(one.get("memory_stats").get("limit").asLong()).isEqualTo(64L << 20);
    assertThat(one.get("memory_stats").get("usage").asLong()).isEqualTo(1 << 20);
    assertThat(one.get("cpu_stats").get("online_cpus").asInt()).isEqualTo(2);
    assertThat(one.get("precpu_stats").get("cpu_usage").get("total_usage").asLong()).isZero();
    assertThat(one.get("pids_stats").get("current").asLong()).isEqualTo(1);
    assertThat(one.get("name").asText()).isEqualTo("/ss");
    JsonNode two = json(UnixHttp.get(api.socket, "/containers/ss/stats?stream=false"));
    long now = two.get("cpu_stats").get("cpu_usage").get("total_usage").asLong();
    long before = two.get("precpu_stats").get("cpu_usage").get("total_usage").asLong();
    assertThat(now).isGreaterThan(before);
    assertThat(before).isPositive();
  }

  @Test
  void stats_streaming_writesOneLinePerSample() throws Exception {
    create("st", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"9\"]}");
    post("/containers/st/start", null);
    try (UnixHttp.Conn c = UnixHttp.Conn.open(api.socket)) {
      c.writeRequest("GET", "/v1.47/containers/st/stats", Map.of(), null, false);
      assertThat(c.readHead().status()).isEqualTo(200);
      JsonNode first = Json.MAPPER.readTree(c.nextChunk());
      JsonNode second = Json.MAPPER.readTree(c.nextChunk());
      assertThat(second.get("precpu_stats").get("cpu_usage").get("total_usage").asLong())
          .isEqualTo(first.get("cpu_stats").get("cpu_usage").get("total_usage").asLong());
    }
  }
}
