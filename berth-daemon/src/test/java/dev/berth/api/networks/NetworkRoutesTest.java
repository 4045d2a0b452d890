package dev.berth.api.networks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.ApiTestServer;
import dev.berth.api.UnixHttp;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
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
  void list_showsThePredefinedNetworks_filteredByName() throws Exception {
    JsonNode all = JSON.readTree(UnixHttp.get(api.socket, "/v1.47/networks").text());
    assertThat(all.findValuesAsText("Name")).containsExactly("bridge", "host", "none");
    JsonNode some = JSON.readTree(UnixHttp.get(api.socket, "/networks?filters=%7B%22name%22%3A%5B%22host%22%5D%7D").text());
    assertThat(some.findValuesAsText("Name")).containsExactly("host");
  }

  @Test
  void inspect_byNameOrIdPrefix_answersDockersShape_unknownIs404() throws Exception {
    JsonNode bridge = JSON.readTree(UnixHttp.get(api.socket, "/networks/bridge").text());
    assertThat(bridge.get("Driver").asText()).isEqualTo("bridge");
    assertThat(bridge.get("Id").asText()).matches("[0-9a-f]{64}");
    assertThat(bridge.get("IPAM").get("Config").isArray()).isTrue();
    String prefix = bridge.get("Id").asText().substring(0, 12);
    assertThat(JSON.readTree(UnixHttp.get(api.socket, "/networks/" + prefix).text()).get("Name").asText()).isEqualTo("bridge");
    UnixHttp.Response missing = UnixHttp.get(api.socket, "/networks/nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.text()).contains("network nope not found");
  }
}
