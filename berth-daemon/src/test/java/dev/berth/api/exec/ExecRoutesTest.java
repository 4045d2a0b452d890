package dev.berth.api.exec;

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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The docker CLI's exec sequence through a real socket: create, start (hijacked, plain, detached), inspect, resize. */
@Timeout(30)
class ExecRoutesTest {
  @TempDir Path tmp;
  private ApiTestServer api;

  @BeforeEach
  void start() throws Exception {
    api = new ApiTestServer(tmp);
    api.images.add("busybox:latest", "2024-01-02T03:04:05Z", Map.of(), "bb".getBytes(StandardCharsets.UTF_8));
    assertThat(post("/v1.47/containers/create?name=box", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"9\"]}").status()).isEqualTo(201);
    assertThat(post("/v1.47/containers/box/start", null).status()).isEqualTo(204);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private UnixHttp.Response post(String uri, String body) throws Exception {
    return UnixHttp.send(api.socket, "POST", uri, Map.of("Content-Type", "application/json"),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  private String createExec(String body) throws Exception {
    UnixHttp.Response r = post("/v1.47/containers/box/exec", body);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    String id = Json.MAPPER.readTree(r.body()).get("Id").asText();
    assertThat(id).hasSize(64);
    return id;
  }

  @Test
  void start_hijacked_streamsFramesThenInspectGivesExitCode() throws Exception {
    String id = createExec("{\"AttachStdout\":true,\"AttachStderr\":true,\"Cmd\":[\"warn\",\"from\",\"exec\"]}");
    JsonNode before = Json.MAPPER.readTree(UnixHttp.get(api.socket, "/v1.47/exec/" + id + "/json").body());
    assertThat(before.get("ExitCode").isNull()).isTrue();
    assertThat(before.get("Running").asBoolean()).isFalse();
    assertThat(before.get("ProcessConfig").get("entrypoint").asText()).isEqualTo("warn");
    assertThat(before.get("ProcessConfig").get("arguments").get(1).asText()).isEqualTo("exec");
    try (UnixHttp.Conn c = UnixHttp.Conn.open(api.socket)) {
      c.writeRequest("POST", "/v1.47/exec/" + id + "/start", Map.of("Connection", "Upgrade", "Upgrade", "tcp",
          "Content-Type", "application/json"), "{\"Detach\":false,\"Tty\":false}".getBytes(StandardCharsets.UTF_8), false);
      UnixHttp.Response head = c.readHead();
      assertThat(head.status()).isEqualTo(101);
      assertThat(head.header("content-type")).isEqualTo("application/vnd.docker.multiplexed-stream");
      byte[] all = c.in.readAllBytes();
      assertThat(all[0]).isEqualTo((byte) 2);
      assertThat(new String(all, 8, all.length - 8, StandardCharsets.UTF_8)).isEqualTo("from exec\n");
    }
    JsonNode after = Json.MAPPER.readTree(UnixHttp.get(api.socket, "/v1.47/exec/" + id + "/json").body());
    assertThat(after.get("ExitCode").asInt()).isZero();
    assertThat(after.get("ContainerID").asText()).hasSize(64);
    UnixHttp.Response again = post("/v1.47/exec/" + id + "/start", "{}");
    assertThat(again.status()).isEqualTo(409);
  }

  @Test
  void start_ttyWithStdinAndConsoleSize_isRawAndSizedBeforeItStarts() throws Exception {
    String id = createExec("{\"AttachStdin\":true,\"AttachStdout\":true,\"Tty\":true,\"Cmd\":\"cat\"}");
    try (UnixHttp.Conn c = UnixHttp.Conn.open(api.socket)) {
      c.writeRequest("POST", "/v1.47/exec/" + id + "/start", Map.of("Connection", "Upgrade", "Upgrade", "tcp"),
          "{\"Tty\":true,\"ConsoleSize\":[30,100]}".getBytes(StandardCharsets.UTF_8), false);
      assertThat(c.readHead().header("content-type")).isEqualTo("application/vnd.docker.raw-stream");
      c.out.write("typed".getBytes(StandardCharsets.UTF_8));
      c.out.flush();
      assertThat(new String(c.in.readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("typed");
      c.channel.shutdownOutput();
      assertThat(c.in.readAllBytes()).isEmpty();
    }
    assertThat(api.execs.calls).containsSubsequence("resize " + id + " 30x100", "start " + id);
    assertThat(post("/v1.47/exec/" + id + "/resize?h=10&w=20", null).status()).isEqualTo(200);
    assertThat(api.execs.calls).contains("resize " + id + " 10x20");
  }

  @Test
  void start_withoutUpgradeAndDetached_answer200() throws Exception {
    String plain = createExec("{\"AttachStdout\":true,\"Cmd\":[\"echo\",\"plain\"]}");
    UnixHttp.Response r = post("/v1.47/exec/" + plain + "/start", "{}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(new String(r.body(), 8, r.body().length - 8, StandardCharsets.UTF_8)).isEqualTo("plain\n");
    String detached = createExec("{\"Cmd\":[\"exit\",\"4\"]}");
    UnixHttp.Response d = post("/v1.47/exec/" + detached + "/start", "{\"Detach\":true}");
    assertThat(d.status()).isEqualTo(200);
    assertThat(d.body()).isEmpty();
    long deadline = System.currentTimeMillis() + 5000;
    JsonNode view;
    do {
      view = Json.MAPPER.readTree(UnixHttp.get(api.socket, "/v1.47/exec/" + detached + "/json").body());
    } while (view.get("ExitCode").isNull() && System.currentTimeMillis() < deadline);
    assertThat(view.get("ExitCode").asInt()).isEqualTo(4);
  }

  @Test
  void errors_areDockersStatuses() throws Exception {
    assertThat(post("/v1.47/containers/box/exec", "{\"Cmd\":[]}").text()).contains("no command");
    assertThat(post("/v1.47/containers/nope/exec", "{\"Cmd\":[\"true\"]}").status()).isEqualTo(404);
    assertThat(post("/v1.47/containers/box/exec", "{\"Cmd\":[\"true\"],\"DetachKeys\":\"ctrl-long\"}").status()).isEqualTo(400);
    post("/v1.47/containers/box/kill", null);
    assertThat(post("/v1.47/containers/box/exec", "{\"Cmd\":[\"true\"]}").status()).isEqualTo(409);
    UnixHttp.Response missing = UnixHttp.get(api.socket, "/v1.47/exec/0123/json");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.text()).contains("No such exec instance");
  }
}
