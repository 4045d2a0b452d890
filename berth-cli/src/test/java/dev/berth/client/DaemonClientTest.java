package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.testing.FakeDaemon;
import dev.berth.testing.FakeDaemon.Response;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonClientTest {
  @TempDir Path dir;
  FakeDaemon daemon;
  DaemonClient client;

  @BeforeEach
  void start() throws Exception {
    daemon = new FakeDaemon(dir);
    client = new DaemonClient(DaemonHost.parse(daemon.host()), new HttpTransport(), null);
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  @Test
  void apiVersion_olderDaemon_negotiatesDownAndPrefixesPaths() throws Exception {
    daemon.apiVersion("1.41").route("GET /version", Response.ok("{\"Version\":\"x\"}"));
    JsonNode version = client.json(ApiRequest.get("/version").build());
    assertThat(version.path("Version").asText()).isEqualTo("x");
    assertThat(daemon.last("GET /version").versionPrefix()).isEqualTo("/v1.41");
  }

  @Test
  void apiVersion_newerDaemon_keepsClientMaximum() throws Exception {
    daemon.apiVersion("1.99");
    assertThat(client.apiVersion()).isEqualTo(Versions.MAX_API_VERSION);
  }

  @Test
  void apiVersion_pinned_skipsNegotiation() throws Exception {
    DaemonClient pinned = new DaemonClient(DaemonHost.parse(daemon.host()), new HttpTransport(), "1.40");
    daemon.route("GET /info", Response.ok("{}"));
    pinned.json(ApiRequest.get("/info").build());
    assertThat(daemon.last("GET /info").versionPrefix()).isEqualTo("/v1.40");
  }

  @Test
  void call_errorStatus_throwsWithDaemonMessage() {
    daemon.route("GET /images/nope/json", Response.error(404, "No such image: nope:latest"));
    assertThatThrownBy(() -> client.json(ApiRequest.get("/images/nope/json").build()))
        .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.status()).isEqualTo(404))
        .hasMessage("No such image: nope:latest");
  }

  @Test
  void call_plainTextError_usesBodyAsMessage() {
    daemon.route("GET /x", r -> new Response(500, "text/plain", List.of("boom\n".getBytes()), java.util.Map.of()));
    assertThatThrownBy(() -> client.json(ApiRequest.get("/x").build())).hasMessage("boom");
  }

  @Test
  void send_streamedBody_arrivesWhole() throws Exception {
    byte[] body = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(body);
    daemon.route("POST /images/load", Response.stream("{\"stream\":\"Loaded image: a:b\\n\"}"));
    List<String> lines = new ArrayList<>();
    client.stream(ApiRequest.post("/images/load").body(new ByteArrayInputStream(body), "application/x-tar").build(),
        m -> lines.add(m.path("stream").asText()));
    FakeDaemon.Request received = daemon.last("POST /images/load");
    assertThat(received.headers().get(FakeDaemon.CHUNKED_HEADER)).isEqualTo("true");
    assertThat(received.body()).isEqualTo(body);
    assertThat(lines).containsExactly("Loaded image: a:b\n");
  }

  @Test
  void stream_chunkedMessages_deliveredInOrder() throws Exception {
    daemon.route("GET /events", Response.stream("{\"Action\":\"tag\"}", "{\"Action\":\"untag\"}", "{\"Action\":\"delete\"}"));
    List<String> actions = new ArrayList<>();
    client.stream(ApiRequest.get("/events").build(), m -> actions.add(m.path("Action").asText()));
    assertThat(actions).containsExactly("tag", "untag", "delete");
  }

  @Test
  void stream_errorMessage_endsWithDaemonException() {
    daemon.route("POST /images/load", Response.stream("{\"stream\":\"x\"}", "{\"errorDetail\":{\"message\":\"bad tar\"},\"error\":\"bad tar\"}"));
    assertThatThrownBy(() -> client.stream(ApiRequest.post("/images/load").build(), m -> {})).hasMessage("bad tar");
  }

  @Test
  void call_queryValues_arePercentEncoded() throws Exception {
    daemon.route("POST /images/create", Response.stream("{\"status\":\"sha256:1\"}"));
    client.stream(ApiRequest.post("/images/create").query("changes", "CMD [\"/bin/sh\"]").query("changes", "ENV A=b c").build(), m -> {});
    assertThat(daemon.last("POST /images/create").query().get("changes")).containsExactly("CMD [\"/bin/sh\"]", "ENV A=b c");
  }

  @Test
  void ping_noDaemon_saysCannotConnect() {
    DaemonClient nowhere = new DaemonClient(DaemonHost.parse("unix://" + dir.resolve("none.sock")), new HttpTransport(), null);
    assertThatThrownBy(nowhere::ping)
        .isInstanceOf(DaemonUnavailableException.class)
        .hasMessage("Cannot connect to the Berth daemon at unix://" + dir.resolve("none.sock") + ". Is berthd running?");
  }
}
