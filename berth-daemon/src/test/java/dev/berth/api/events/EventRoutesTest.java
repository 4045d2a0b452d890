package dev.berth.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiTestServer;
import dev.berth.api.UnixHttp;
import dev.berth.oci.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventRoutesTest {
  private static final String ID = "sha256:" + "cd".repeat(32);
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
  void events_sinceAndPastUntil_replaysMatchingEventsThenEnds() throws Exception {
    long start = Instant.now().getEpochSecond() - 1;
    api.events.publish("image", "tag", ID, Map.of("name", "busybox:latest"));
    api.events.publish("image", "untag", ID, Map.of("name", "busybox:latest"));
    long until = Instant.now().getEpochSecond() + 1;
    Thread.sleep(1100);
    UnixHttp.Response r = UnixHttp.get(api.socket, "/v1.47/events?since=" + start + "&until=" + until + "&filters=%7B%22event%22%3A%5B%22tag%22%5D%7D");
    assertThat(r.status()).isEqualTo(200);
    String[] lines = r.text().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode e = Json.MAPPER.readTree(lines[0]);
    assertThat(e.get("Type").asText()).isEqualTo("image");
    assertThat(e.get("Action").asText()).isEqualTo("tag");
    assertThat(e.get("status").asText()).isEqualTo("tag");
    assertThat(e.get("id").asText()).isEqualTo(ID);
    assertThat(e.get("Actor").get("ID").asText()).isEqualTo(ID);
    assertThat(e.get("Actor").get("Attributes").get("name").asText()).isEqualTo("busybox:latest");
    assertThat(e.get("scope").asText()).isEqualTo("local");
    assertThat(e.get("timeNano").asLong() / 1_000_000_000L).isEqualTo(e.get("time").asLong());
  }

  @Test
  void events_live_headersComeAtOnceAndEventsAsPublished() throws Exception {
    try (UnixHttp.Conn c = UnixHttp.Conn.open(api.socket)) {
      c.writeRequest("GET", "/events", Map.of(), null, false);
      UnixHttp.Response head = c.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("transfer-encoding")).isEqualTo("chunked");
      api.events.publish("image", "delete", ID, Map.of("name", ID));
      JsonNode e = Json.MAPPER.readTree(new String(c.nextChunk(), StandardCharsets.UTF_8));
      assertThat(e.get("Action").asText()).isEqualTo("delete");
    }
  }

  @Test
  void events_futureUntil_endsWhenItIsReached() throws Exception {
    long until = Instant.now().getEpochSecond() + 2;
    long t0 = System.nanoTime();
    UnixHttp.Response r = UnixHttp.get(api.socket, "/events?until=" + until);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEmpty();
    assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(500L, 5000L);
  }

  @Test
  void events_badSince_is400() throws Exception {
    UnixHttp.Response r = UnixHttp.get(api.socket, "/events?since=yesterday");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("invalid since time");
  }
}
