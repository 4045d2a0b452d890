package dev.berth.api.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiTestServer;
import dev.berth.api.UnixHttp;
import dev.berth.oci.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemRoutesTest {
  @TempDir Path tmp;
  private ApiTestServer api;

  @BeforeEach
  void start() throws Exception {
    api = new ApiTestServer(tmp);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void ping_getAndHead_answerOkWithNegotiationHeaders() throws Exception {
    UnixHttp.Response get = UnixHttp.get(api.socket, "/_ping");
    assertThat(get.text()).isEqualTo("OK");
    UnixHttp.Response head = UnixHttp.send(api.socket, "HEAD", "/_ping", Map.of(), null);
    for (UnixHttp.Response r : new UnixHttp.Response[] {get, head}) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("api-version")).isEqualTo("1.47");
      assertThat(r.header("ostype")).isEqualTo("linux");
      assertThat(r.header("docker-experimental")).isEqualTo("false");
      assertThat(r.header("builder-version")).isEqualTo("1");
      assertThat(r.header("cache-control")).isEqualTo("no-cache");
      assertThat(r.header("pragma")).isEqualTo("no-cache");
    }
  }

  @Test
  void version_reportsDockerLikeVersionAndBerthPlatform() throws Exception {
    JsonNode v = Json.MAPPER.readTree(UnixHttp.get(api.socket, "/v1.24/version").body());
    assertThat(v.get("Version").asText()).matches("[0-9]+\\.[0-9]+\\.[0-9]+");
    assertThat(v.get("ApiVersion").asText()).isEqualTo("1.47");
    assertThat(v.get("MinAPIVersion").asText()).isEqualTo("1.24");
    assertThat(v.get("Platform").get("Name").asText()).isEqualTo("Berth Engine");
    assertThat(v.get("Components").findValuesAsText("Name")).contains("Engine", "Berth");
    assertThat(v.get("Os").asText()).isEqualTo("linux");
  }

  @Test
  void info_reportsDriverRootImagesAndHost() throws Exception {
    api.images.add("busybox:latest", "2024-01-01T00:00:00Z", Map.of(), "x".getBytes(StandardCharsets.UTF_8));
    JsonNode i = Json.MAPPER.readTree(UnixHttp.get(api.socket, "/info").body());
    assertThat(i.get("Driver").asText()).isEqualTo("vfs");
    assertThat(i.get("DockerRootDir").asText()).isEqualTo(tmp.resolve("data").toString());
    assertThat(i.get("Images").asInt()).isEqualTo(1);
    assertThat(i.get("ID").asText()).isEqualTo("test-engine-id");
    assertThat(i.get("OSType").asText()).isEqualTo("linux");
    assertThat(i.get("NCPU").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(i.get("MemTotal").asLong()).isPositive();
    assertThat(i.get("Name").asText()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
    assertThat(i.get("KernelVersion").asText()).isEqualTo(System.getProperty("os.version"));
    assertThat(i.get("ServerVersion").asText()).isEqualTo(Json.MAPPER.readTree(UnixHttp.get(api.socket, "/version").body()).get("Version").asText());
    assertThat(i.get("Swarm").get("LocalNodeState").asText()).isEqualTo("inactive");
  }

  @Test
  void df_listsImagesAndLayerSize() throws Exception {
    api.images.add("busybox:latest", "2024-01-01T00:00:00Z", Map.of(), "xyz".getBytes(StandardCharsets.UTF_8));
    JsonNode df = Json.MAPPER.readTree(UnixHttp.get(api.socket, "/system/df").body());
    assertThat(df.get("LayersSize").asLong()).isEqualTo(3);
    assertThat(df.get("Images")).hasSize(1);
  }

  @Test
  void warnings_missingCapabilities_areWordedAsDockerdWordsThem(@TempDir Path fake) throws Exception {
    Files.createDirectories(fake.resolve("cg/memory"));
    Files.createDirectories(fake.resolve("proc/net/ipv4"));
    Files.writeString(fake.resolve("proc/net/ipv4/ip_forward"), "1\n");
    KernelCapabilities caps = KernelCapabilities.read(fake.resolve("cg"), fake.resolve("proc"));
    assertThat(caps.memoryLimit()).isTrue();
    assertThat(caps.swapLimit()).isFalse();
    assertThat(caps.warnings(false)).contains("WARNING: No swap limit support", "WARNING: No cpuset support")
        .doesNotContain("WARNING: No memory limit support", "WARNING: IPv4 forwarding is disabled");
  }
}
