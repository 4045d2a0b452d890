package dev.berth.api.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiTestServer;
import dev.berth.api.UnixHttp;
import dev.berth.oci.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker cp's archive endpoints and commit through a real socket. */
class ArchiveRoutesTest {
  @TempDir Path tmp;
  private ApiTestServer api;

  @BeforeEach
  void start() throws Exception {
    api = new ApiTestServer(tmp);
    api.images.add("busybox:latest", "2024-01-02T03:04:05Z", Map.of(), "bb".getBytes(StandardCharsets.UTF_8));
    UnixHttp.send(api.socket, "POST", "/containers/create?name=files", Map.of(), "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}".getBytes(StandardCharsets.UTF_8));
    api.containers.putFile("files", "/etc/motd", "hello".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static JsonNode stat(UnixHttp.Response r) throws Exception {
    String header = r.header("x-docker-container-path-stat");
    assertThat(header).isNotNull();
    return Json.MAPPER.readTree(Base64.getDecoder().decode(header));
  }

  @Test
  void head_existingPath_givesThePathStatHeader() throws Exception {
    UnixHttp.Response r = UnixHttp.send(api.socket, "HEAD", "/v1.47/containers/files/archive?path=/etc/motd", Map.of(), null);
    assertThat(r.status()).isEqualTo(200);
    JsonNode stat = stat(r);
    assertThat(stat.get("name").asText()).isEqualTo("motd");
    assertThat(stat.get("size").asLong()).isEqualTo(5);
    assertThat(stat.get("mode").asLong()).isEqualTo(0644);
    assertThat(stat.get("mtime").asText()).isEqualTo("2026-11-28T08:00:00Z");
    assertThat(stat.get("linkTarget").asText()).isEmpty();
    assertThat(UnixHttp.send(api.socket, "HEAD", "/v1.47/containers/files/archive?path=/nope", Map.of(), null).status()).isEqualTo(404);
  }

  @Test
  void get_streamsATarWithTheStatHeader() throws Exception {
    UnixHttp.Response r = UnixHttp.get(api.socket, "/v1.47/containers/files/archive?path=/etc/motd");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).isEqualTo("application/x-tar");
    assertThat(stat(r).get("name").asText()).isEqualTo("motd");
    assertThat(new String(r.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("motd");
    assertThat(new String(r.body(), 512, 5, StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(UnixHttp.get(api.socket, "/v1.47/containers/files/archive").status()).isEqualTo(400);
  }

  @Test
  void put_passesTheBodyToTheEngine() throws Exception {
    byte[] tar = "pretend-tar".getBytes(StandardCharsets.UTF_8);
    UnixHttp.Response r = UnixHttp.send(api.socket, "PUT", "/v1.47/containers/files/archive?path=/tmp", Map.of("Content-Type", "application/x-tar"), tar);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(api.containers.file("files", "/tmp/(archive)")).isEqualTo(tar);
    assertThat(UnixHttp.send(api.socket, "PUT", "/v1.47/containers/ghost/archive?path=/tmp", Map.of(), tar).status()).isEqualTo(404);
  }

  @Test
  void commit_makesAnImageAndAnswers201WithItsId() throws Exception {
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST",
        "/v1.47/commit?container=files&repo=mine&tag=v1&comment=snap&author=me&changes=ENV%20A%3D1&pause=0", Map.of(), null);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    String id = Json.MAPPER.readTree(r.body()).get("Id").asText();
    assertThat(id).startsWith("sha256:");
    assertThat(api.images.inspect("mine:v1").id().toString()).isEqualTo(id);
    assertThat(api.containers.calls).anyMatch(c -> c.contains("reference=mine:v1") && c.contains("changes=[ENV A=1]") && c.contains("pause=false"));
    assertThat(UnixHttp.send(api.socket, "POST", "/v1.47/commit", Map.of(), null).status()).isEqualTo(400);
  }
}
