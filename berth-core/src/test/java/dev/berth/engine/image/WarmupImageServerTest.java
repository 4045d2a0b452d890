package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The made-up image served for berthd's training run: its manifest and every blob it names, by their digests. */
class WarmupImageServerTest {
  @Test
  void start_servesTheImageItsReferenceNames_everyBlobMatchingItsDigest() throws Exception {
    try (WarmupImageServer server = WarmupImageServer.start(); HttpClient http = HttpClient.newHttpClient()) {
      String ref = server.reference();
      assertThat(ref).matches("127\\.0\\.0\\.1:\\d+/berth-warmup/pull:latest");
      String base = "http://" + ref.substring(0, ref.indexOf('/')) + "/v2/berth-warmup/pull/";
      HttpResponse<byte[]> m = http.send(HttpRequest.newBuilder(URI.create(base + "manifests/latest")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(m.statusCode()).isEqualTo(200);
      assertThat(m.headers().firstValue("Docker-Content-Digest")).hasValue(Digest.sha256(m.body()).toString());
      Manifest manifest = Json.read(m.body(), Manifest.class);
      assertThat(manifest.layers()).hasSize(PullWarmup.LAYERS);
      for (Descriptor blob : java.util.stream.Stream.concat(manifest.layers().stream(), java.util.stream.Stream.of(manifest.config())).toList()) {
        byte[] body = http.send(HttpRequest.newBuilder(URI.create(base + "blobs/" + blob.digest())).build(),
            HttpResponse.BodyHandlers.ofByteArray()).body();
        assertThat(Digest.sha256(body)).isEqualTo(blob.digest());
        assertThat((long) body.length).isEqualTo(blob.size());
      }
    }
  }
}
