package dev.berth.api.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiTestServer;
import dev.berth.api.UnixHttp;
import dev.berth.engine.Image;
import dev.berth.oci.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /images endpoints through a real socket, over the fake image service. */
class ImageRoutesTest {
  @TempDir Path tmp;
  private ApiTestServer api;
  private Image busybox;

  @BeforeEach
  void start() throws Exception {
    api = new ApiTestServer(tmp);
    busybox = api.images.add("busybox:latest", "2024-01-02T03:04:05Z", Map.of("team", "core"), "bb".getBytes(StandardCharsets.UTF_8));
    api.images.add("localhost:5000/a/b:v1", "2023-01-01T00:00:00Z", Map.of(), "ab".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private JsonNode json(UnixHttp.Response r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void list_all_returnsSummariesNewestFirst() throws Exception {
    JsonNode list = json(UnixHttp.get(api.socket, "/v1.47/images/json"));
    assertThat(list).hasSize(2);
    assertThat(list.get(0).get("RepoTags").get(0).asText()).isEqualTo("busybox:latest");
    assertThat(list.get(0).get("Created").asLong()).isEqualTo(1704164645L);
    assertThat(list.get(0).get("Labels").get("team").asText()).isEqualTo("core");
    assertThat(list.get(1).get("RepoTags").get(0).asText()).isEqualTo("localhost:5000/a/b:v1");
  }

  @Test
  void list_referenceAndLabelFilters_narrowTheList() throws Exception {
    JsonNode byRef = json(UnixHttp.get(api.socket, "/images/json?filters=" + enc("{\"reference\":[\"busy*\"]}")));
    assertThat(byRef).hasSize(1);
    assertThat(byRef.get(0).get("Id").asText()).isEqualTo(busybox.id().toString());
    JsonNode byLabel = json(UnixHttp.get(api.socket, "/images/json?filters=" + enc("{\"label\":[\"team=core\"]}")));
    assertThat(byLabel).hasSize(1);
    JsonNode before = json(UnixHttp.get(api.socket, "/images/json?filters=" + enc("{\"before\":[\"busybox\"]}")));
    assertThat(before).hasSize(1);
    assertThat(before.get(0).get("RepoTags").get(0).asText()).isEqualTo("localhost:5000/a/b:v1");
  }

  @Test
  void list_unknownFilter_is400() throws Exception {
    UnixHttp.Response r = UnixHttp.get(api.socket, "/images/json?filters=" + enc("{\"colour\":[\"x\"]}"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("invalid filter 'colour'");
  }

  @Test
  void inspect_nameWithRegistryAndSlashes_returnsDockerShapedImage() throws Exception {
    UnixHttp.Response r = UnixHttp.get(api.socket, "/v1.47/images/localhost:5000/a/b:v1/json");
    assertThat(r.status()).isEqualTo(200);
    JsonNode img = json(r);
    assertThat(img.get("RepoTags").get(0).asText()).isEqualTo("localhost:5000/a/b:v1");
    assertThat(img.get("Created").asText()).isEqualTo("2023-01-01T00:00:00Z");
    assertThat(img.get("GraphDriver").get("Name").asText()).isEqualTo("vfs");
    assertThat(img.get("RootFS").get("Type").asText()).isEqualTo("layers");
    assertThat(img.get("RootFS").get("Layers")).hasSize(1);
    assertThat(img.get("Config").get("Cmd").get(0).asText()).isEqualTo("/bin/sh");
    assertThat(img.get("Os").asText()).isEqualTo("linux");
    assertThat(img.has("Metadata")).isTrue();
  }

  /** docker-compose 1.x negotiates 1.47 and reads ContainerConfig.Volumes on every recreate; dockerd dropped the key. */
  @Test
  void inspect_newestVersion_keepsContainerConfigAsTheImageConfigForComposeV1() throws Exception {
    for (String version : new String[] {"/v1.24", "/v1.44", "/v1.47", ""}) {
      JsonNode img = json(UnixHttp.get(api.socket, version + "/images/busybox/json"));
      assertThat(img.get("Container").asText()).as(version).isEmpty();
      assertThat(img.get("ContainerConfig")).as(version).isEqualTo(img.get("Config"));
      assertThat(img.get("ContainerConfig").get("Cmd").get(0).asText()).as(version).isEqualTo("/bin/sh");
    }
  }

  @Test
  void inspect_missingImage_is404WithDockersMessage() throws Exception {
    UnixHttp.Response r = UnixHttp.get(api.socket, "/v1.47/images/nope/json");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.text()).isEqualTo("{\"message\":\"No such image: nope\"}");
  }

  @Test
  void tag_thenRemoveByTag_untagsOnly() throws Exception {
    UnixHttp.Response t = UnixHttp.send(api.socket, "POST", "/v1.47/images/busybox/tag?repo=me/bb&tag=v2", Map.of(), null);
    assertThat(t.status()).isEqualTo(201);
    assertThat(api.images.inspect("me/bb:v2").id()).isEqualTo(busybox.id());
    UnixHttp.Response d = UnixHttp.send(api.socket, "DELETE", "/v1.47/images/me/bb:v2", Map.of(), null);
    assertThat(d.status()).isEqualTo(200);
    assertThat(d.text()).isEqualTo("[{\"Untagged\":\"me/bb:v2\"}]");
  }

  @Test
  void tag_badRepository_is400() throws Exception {
    UnixHttp.Response t = UnixHttp.send(api.socket, "POST", "/images/busybox/tag?repo=UPPER&tag=x", Map.of(), null);
    assertThat(t.status()).isEqualTo(400);
    assertThat(t.text()).contains("invalid reference format");
  }

  @Test
  void remove_imageWithSeveralTagsById_is409WithoutForce() throws Exception {
    api.images.tag("busybox", "other:1");
    UnixHttp.Response d = UnixHttp.send(api.socket, "DELETE", "/images/" + busybox.id().encoded().substring(0, 12), Map.of(), null);
    assertThat(d.status()).isEqualTo(409);
    UnixHttp.Response forced = UnixHttp.send(api.socket, "DELETE", "/images/" + busybox.id().encoded().substring(0, 12) + "?force=1", Map.of(), null);
    assertThat(forced.status()).isEqualTo(200);
    assertThat(forced.text()).contains("\"Deleted\":\"" + busybox.id() + "\"");
  }

  @Test
  void history_returnsEntries() throws Exception {
    JsonNode h = json(UnixHttp.get(api.socket, "/images/busybox/history"));
    assertThat(h.get(0).get("Id").asText()).isEqualTo(busybox.id().toString());
    assertThat(h.get(0).get("CreatedBy").asText()).isEmpty();
    assertThat(h.get(0).get("Comment").asText()).isEqualTo("Imported from -");
  }

  @Test
  void import_fromStdin_streamsStatusWithNewImageId() throws Exception {
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST", "/v1.47/images/create?fromSrc=-&repo=imported&tag=1", Map.of(), "rootfs".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(200);
    String id = api.images.inspect("imported:1").id().toString();
    assertThat(r.text()).isEqualTo("{\"status\":\"" + id + "\"}\n");
  }

  @Test
  void create_fromUrl_isRefusedWithAClearMessage() throws Exception {
    UnixHttp.Response url = UnixHttp.send(api.socket, "POST", "/images/create?fromSrc=http://x/y.tar", Map.of(), null);
    assertThat(url.status()).isEqualTo(400);
    assertThat(url.text()).contains("importing from a URL is not supported yet");
  }

  @Test
  void load_archive_streamsLoadedLines() throws Exception {
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST", "/images/load?quiet=1", Map.of(), "names:app:1\n".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).isEqualTo("application/json");
    assertThat(r.text()).isEqualTo("{\"stream\":\"Loaded image: app:1\\n\"}\n");
  }

  @Test
  void load_badArchive_is400BeforeAnyOutput() throws Exception {
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST", "/images/load", Map.of(), "garbage".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).isEqualTo("{\"message\":\"load: not an archive\"}");
  }

  @Test
  void save_oneAndMany_streamTar() throws Exception {
    UnixHttp.Response one = UnixHttp.get(api.socket, "/images/busybox/get");
    assertThat(one.header("content-type")).isEqualTo("application/x-tar");
    assertThat(one.text()).isEqualTo(busybox.id() + "\n");
    UnixHttp.Response many = UnixHttp.get(api.socket, "/images/get?names=busybox&names=" + enc("localhost:5000/a/b:v1"));
    assertThat(many.text().lines()).hasSize(2);
    assertThat(UnixHttp.get(api.socket, "/images/get?names=nope").status()).isEqualTo(404);
  }

  @Test
  void prune_dangling_reportsDeletedImages() throws Exception {
    api.images.add(null, "2020-01-01T00:00:00Z", Map.of(), "x".getBytes(StandardCharsets.UTF_8));
    JsonNode r = json(UnixHttp.send(api.socket, "POST", "/images/prune?filters=" + enc("{\"dangling\":[\"true\"]}"), Map.of(), null));
    assertThat(r.get("ImagesDeleted")).hasSize(1);
    assertThat(r.get("SpaceReclaimed").asLong()).isEqualTo(10);
  }
}
