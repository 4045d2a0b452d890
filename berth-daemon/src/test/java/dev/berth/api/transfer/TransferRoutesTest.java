package dev.berth.api.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiTestServer;
import dev.berth.api.UnixHttp;
import dev.berth.oci.Digest;
import dev.berth.oci.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The receiving end of {@code berth push ssh://}: missing blobs, resumable uploads, the commit, through a real socket. */
@Timeout(30)
class TransferRoutesTest {
  private static final byte[] LAYER = "layer bytes, sent in two parts over a cut connection".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
      .getBytes(StandardCharsets.UTF_8);

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

  private UnixHttp.Response send(String method, String uri, byte[] body) throws Exception {
    return UnixHttp.send(api.socket, method, uri, Map.of("Content-Type", "application/json"), body);
  }

  private UnixHttp.Response post(String uri, String json) throws Exception {
    return send("POST", uri, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  private UnixHttp.Response put(byte[] blob, int from, int to) throws Exception {
    return send("PUT", "/v1.47/berth/blobs/" + Digest.sha256(blob) + "?offset=" + from + "&size=" + blob.length, Arrays.copyOfRange(blob, from, to));
  }

  private static JsonNode json(UnixHttp.Response r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void missing_oneHeldOneCut_listsTheCutOneWithItsOffset() throws Exception {
    api.images.receiver.blobs.put(Digest.sha256(CONFIG), CONFIG);
    assertThat(put(LAYER, 0, 10).status()).isEqualTo(202);
    UnixHttp.Response r = post("/v1.47/berth/blobs/missing", "{\"Blobs\":[{\"Digest\":\"" + Digest.sha256(CONFIG) + "\",\"Size\":" + CONFIG.length
        + "},{\"Digest\":\"" + Digest.sha256(LAYER) + "\",\"Size\":" + LAYER.length + "}]}");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(json(r).toString()).isEqualTo("{\"Missing\":[{\"Digest\":\"" + Digest.sha256(LAYER) + "\",\"Offset\":10}]}");
  }

  @Test
  void put_inTwoParts_commitsAtTheLastByte() throws Exception {
    UnixHttp.Response first = put(LAYER, 0, 20);
    assertThat(first.status()).as(first.text()).isEqualTo(202);
    assertThat(json(first).path("Offset").asLong()).isEqualTo(20);
    assertThat(json(first).path("Committed").asBoolean()).isFalse();
    UnixHttp.Response rest = put(LAYER, 20, LAYER.length);
    assertThat(rest.status()).as(rest.text()).isEqualTo(201);
    assertThat(json(rest).path("Committed").asBoolean()).isTrue();
    assertThat(api.images.receiver.blobs.get(Digest.sha256(LAYER))).isEqualTo(LAYER);
  }

  @Test
  void put_wrongOffset_answers416WithTheOffsetToResumeFrom() throws Exception {
    put(LAYER, 0, 7);
    UnixHttp.Response r = put(LAYER, 15, LAYER.length);
    assertThat(r.status()).isEqualTo(416);
    assertThat(r.header(TransferRoutes.OFFSET_HEADER)).isEqualTo("7");
    assertThat(json(r).path("message").asText()).contains("holds 7 bytes, not 15");
  }

  @Test
  void put_blobAlreadyHere_answers200AndCommitted() throws Exception {
    api.images.receiver.blobs.put(Digest.sha256(LAYER), LAYER);
    UnixHttp.Response r = put(LAYER, 0, LAYER.length);
    assertThat(r.status()).isEqualTo(200);
    assertThat(json(r).path("Committed").asBoolean()).isTrue();
  }

  @Test
  void put_contentNotMatchingItsDigest_answers400AndCommitsNothing() throws Exception {
    Digest claimed = Digest.sha256(CONFIG);
    UnixHttp.Response r = send("PUT", "/v1.47/berth/blobs/" + claimed + "?offset=0&size=" + LAYER.length, LAYER);
    assertThat(r.status()).isEqualTo(400);
    assertThat(json(r).path("message").asText()).contains("expected " + claimed);
    assertThat(api.images.receiver.blobs).doesNotContainKey(claimed);
  }

  @Test
  void put_badDigestOrSize_answers400() throws Exception {
    assertThat(send("PUT", "/v1.47/berth/blobs/sha256:nothex?offset=0&size=3", new byte[3]).status()).isEqualTo(400);
    UnixHttp.Response noSize = send("PUT", "/v1.47/berth/blobs/" + Digest.sha256(LAYER) + "?offset=0", LAYER);
    assertThat(noSize.status()).isEqualTo(400);
    assertThat(json(noSize).path("message").asText()).contains("size query parameter is required");
  }

  @Test
  void commit_layerMissing_answers409NamingItThenCommitsOnceItArrives() throws Exception {
    Digest layer = Digest.sha256(LAYER);
    Digest config = Digest.sha256(CONFIG);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config + "\",\"size\":" + CONFIG.length + "},"
        + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layer + "\",\"size\":" + LAYER.length + "}]}")
        .getBytes(StandardCharsets.UTF_8);
    assertThat(put(CONFIG, 0, CONFIG.length).status()).isEqualTo(201);
    assertThat(put(manifest, 0, manifest.length).status()).isEqualTo(201);
    String commit = "{\"Manifest\":\"" + Digest.sha256(manifest) + "\",\"Tags\":[\"app:1\"]}";
    UnixHttp.Response refused = post("/v1.47/berth/images/commit", commit);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(json(refused).path("message").asText()).contains(layer.toString());
    assertThat(api.images.receiver.tags).isEmpty();

    assertThat(put(LAYER, 0, LAYER.length).status()).isEqualTo(201);
    UnixHttp.Response done = post("/v1.47/berth/images/commit", commit);
    assertThat(done.status()).as(done.text()).isEqualTo(200);
    assertThat(json(done).toString()).isEqualTo("{\"Id\":\"" + config + "\",\"Status\":\"committed\",\"Tagged\":[\"app:1\"]}");
    UnixHttp.Response again = post("/v1.47/berth/images/commit", commit);
    assertThat(json(again).path("Status").asText()).isEqualTo("up to date");
    assertThat(json(again).path("Tagged").size()).isZero();
  }

  @Test
  void missing_noBody_answers400() throws Exception {
    UnixHttp.Response r = post("/v1.47/berth/blobs/missing", null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(json(r).path("message").asText()).contains("no JSON body");
  }

  @Test
  void describeAndRead_aCommittedImage_serveItsBlobsFromAnOffset() throws Exception {
    Digest layer = Digest.sha256(LAYER);
    Digest config = Digest.sha256(CONFIG);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config + "\",\"size\":" + CONFIG.length + "},"
        + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layer + "\",\"size\":" + LAYER.length + "}]}")
        .getBytes(StandardCharsets.UTF_8);
    for (byte[] blob : java.util.List.of(CONFIG, LAYER, manifest)) api.images.receiver.blobs.put(Digest.sha256(blob), blob);
    api.images.receiver.commit(Digest.sha256(manifest), null, java.util.List.of("app:1"));

    UnixHttp.Response described = UnixHttp.get(api.socket, "/v1.47/berth/images/manifest?name=app:1");
    assertThat(described.status()).as(described.text()).isEqualTo(200);
    JsonNode d = json(described);
    assertThat(d.path("Id").asText()).isEqualTo(config.toString());
    assertThat(d.path("Manifest").path("Digest").asText()).isEqualTo(Digest.sha256(manifest).toString());
    assertThat(d.path("Blobs").findValuesAsText("Digest")).containsExactly(config.toString(), layer.toString());

    UnixHttp.Response tail = UnixHttp.get(api.socket, "/v1.47/berth/blobs/" + layer + "?offset=6");
    assertThat(tail.status()).isEqualTo(200);
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(LAYER, 6, LAYER.length));
    assertThat(UnixHttp.get(api.socket, "/v1.47/berth/blobs/" + layer + "?offset=9999").status()).isEqualTo(400);
    assertThat(UnixHttp.get(api.socket, "/v1.47/berth/blobs/" + Digest.sha256(new byte[1])).status()).isEqualTo(404);
    assertThat(UnixHttp.get(api.socket, "/v1.47/berth/images/manifest?name=nope:1").status()).isEqualTo(404);
  }
}
