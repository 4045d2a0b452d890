package dev.berth.api.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.UnixHttp;
import dev.berth.engine.events.Event;
import dev.berth.oci.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /volumes endpoints through a real socket, over the real local volume service in a temp dir. */
class VolumeRoutesTest {
  @TempDir Path tmp;
  VolumeApiServer api;
  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    api = new VolumeApiServer(tmp);
    api.events.subscribe(-1, e -> e.type().equals("volume"), events::add);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  UnixHttp.Response post(String uri, String json) throws Exception {
    return UnixHttp.send(api.socket, "POST", uri, Map.of("Content-Type", "application/json"),
        json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  UnixHttp.Response delete(String uri) throws Exception {
    return UnixHttp.send(api.socket, "DELETE", uri, Map.of(), null);
  }

  static JsonNode json(UnixHttp.Response r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void create_namedWithLabelsAndOptions_is201WithDockerShapedVolume() throws Exception {
    UnixHttp.Response r = post("/v1.47/volumes/create",
        "{\"Name\":\"web-data\",\"Driver\":\"local\",\"Labels\":{\"team\":\"web\"},\"DriverOpts\":{\"type\":\"tmpfs\",\"device\":\"tmpfs\",\"o\":\"size=1m\"}}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    JsonNode v = json(r);
    assertThat(v.get("Name").asText()).isEqualTo("web-data");
    assertThat(v.get("Driver").asText()).isEqualTo("local");
    assertThat(v.get("Mountpoint").asText()).isEqualTo(tmp.resolve("data/volumes/web-data/_data").toString());
    assertThat(v.get("CreatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(v.get("Labels").get("team").asText()).isEqualTo("web");
    assertThat(v.get("Scope").asText()).isEqualTo("local");
    assertThat(v.get("Options").get("o").asText()).isEqualTo("size=1m");
    assertThat(v.get("UsageData").get("Size").asLong()).isEqualTo(-1);
    assertThat(v.get("UsageData").get("RefCount").asLong()).isZero();
    assertThat(events).extracting(Event::action).containsExactly("create");
  }

  @Test
  void create_noName_makesAnonymousVolume() throws Exception {
    JsonNode v = json(post("/volumes/create", "{}"));
    assertThat(v.get("Name").asText()).matches("[0-9a-f]{64}");
    assertThat(v.get("Labels").has("com.docker.volume.anonymous")).isTrue();
  }

  @Test
  void create_badNameOrJson_is400() throws Exception {
    UnixHttp.Response bad = post("/volumes/create", "{\"Name\":\"../etc\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(json(bad).get("message").asText()).contains("includes invalid characters for a local volume name");
    UnixHttp.Response malformed = post("/volumes/create", "{\"Name\":");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(json(malformed).get("message").asText()).startsWith("create volume: invalid JSON body");
    assertThat(Files.list(tmp.resolve("data/volumes")).toList()).isEmpty();
  }

  @Test
  void list_withFilters_answersVolumesAndWarnings() throws Exception {
    post("/volumes/create", "{\"Name\":\"web-data\",\"Labels\":{\"team\":\"web\"}}");
    post("/volumes/create", "{\"Name\":\"db-data\"}");
    api.users.put("db-data", List.of("c0ffee"));
    JsonNode all = json(UnixHttp.get(api.socket, "/v1.47/volumes"));
    assertThat(all.get("Warnings").isArray()).isTrue();
    assertThat(all.get("Volumes")).extracting(n -> n.get("Name").asText()).containsExactly("db-data", "web-data");
    assertThat(all.get("Volumes").get(0).get("UsageData").get("RefCount").asLong()).isEqualTo(1);
    JsonNode dangling = json(UnixHttp.get(api.socket, "/volumes?filters=" + enc("{\"dangling\":[\"true\"]}")));
    assertThat(dangling.get("Volumes")).extracting(n -> n.get("Name").asText()).containsExactly("web-data");
    JsonNode byLabel = json(UnixHttp.get(api.socket, "/volumes?filters=" + enc("{\"label\":{\"team=web\":true}}")));
    assertThat(byLabel.get("Volumes")).extracting(n -> n.get("Name").asText()).containsExactly("web-data");
    JsonNode byName = json(UnixHttp.get(api.socket, "/volumes?filters=" + enc("{\"name\":[\"db\"]}")));
    assertThat(byName.get("Volumes")).extracting(n -> n.get("Name").asText()).containsExactly("db-data");
    UnixHttp.Response unknown = UnixHttp.get(api.socket, "/volumes?filters=" + enc("{\"colour\":[\"x\"]}"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.text()).contains("invalid filter 'colour'");
  }

  @Test
  void inspect_existingAndMissing() throws Exception {
    post("/volumes/create", "{\"Name\":\"data\"}");
    assertThat(json(UnixHttp.get(api.socket, "/volumes/data")).get("Name").asText()).isEqualTo("data");
    UnixHttp.Response missing = UnixHttp.get(api.socket, "/volumes/nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(json(missing).get("message").asText()).isEqualTo("get nope: no such volume");
  }

  @Test
  void remove_unusedIs204_inUseIs409_missingIs404UnlessForced() throws Exception {
    post("/volumes/create", "{\"Name\":\"busy\"}");
    post("/volumes/create", "{\"Name\":\"idle\"}");
    api.users.put("busy", List.of("abc123"));
    UnixHttp.Response inUse = delete("/volumes/busy?force=1");
    assertThat(inUse.status()).isEqualTo(409);
    assertThat(json(inUse).get("message").asText()).isEqualTo("remove busy: volume is in use - [abc123]");
    assertThat(delete("/volumes/idle").status()).isEqualTo(204);
    assertThat(tmp.resolve("data/volumes/idle")).doesNotExist();
    assertThat(delete("/volumes/idle").status()).isEqualTo(404);
    assertThat(delete("/volumes/idle?force=true").status()).isEqualTo(204);
    assertThat(events).extracting(Event::action).containsExactly("create", "create", "destroy");
  }

  @Test
  void prune_anonymousByDefault_allWithFilter_everythingBefore142() throws Exception {
    String anon = json(post("/volumes/create", "{}")).get("Name").asText();
    Files.write(tmp.resolve("data/volumes/" + anon + "/_data/blob"), new byte[2048]);
    post("/volumes/create", "{\"Name\":\"named1\"}");
    post("/volumes/create", "{\"Name\":\"named2\",\"Labels\":{\"keep\":\"1\"}}");
    JsonNode first = json(post("/v1.47/volumes/prune", null));
    assertThat(first.get("VolumesDeleted")).extracting(JsonNode::asText).containsExactly(anon);
    assertThat(first.get("SpaceReclaimed").asLong()).isEqualTo(2048);
    JsonNode second = json(post("/v1.47/volumes/prune?filters=" + enc("{\"all\":[\"true\"],\"label!\":[\"keep\"]}"), null));
    assertThat(second.get("VolumesDeleted")).extracting(JsonNode::asText).containsExactly("named1");
    JsonNode old = json(post("/v1.41/volumes/prune", null));
    assertThat(old.get("VolumesDeleted")).extracting(JsonNode::asText).containsExactly("named2");
    UnixHttp.Response until = post("/volumes/prune?filters=" + enc("{\"until\":[\"1h\"]}"), null);
    assertThat(until.status()).isEqualTo(400);
  }

  @Test
  void systemDf_listsVolumesWithMeasuredSizeAndRefCount() throws Exception {
    post("/volumes/create", "{\"Name\":\"data\"}");
    post("/volumes/create", "{\"Name\":\"used\"}");
    Files.write(tmp.resolve("data/volumes/data/_data/blob"), new byte[1500]);
    api.users.put("used", List.of("c1"));
    JsonNode df = json(UnixHttp.get(api.socket, "/system/df"));
    assertThat(df.get("Volumes")).extracting(v -> v.get("Name").asText() + " " + v.get("UsageData").get("Size").asLong()
        + " " + v.get("UsageData").get("RefCount").asLong()).containsExactly("data 1500 0", "used 0 1");
  }
}
