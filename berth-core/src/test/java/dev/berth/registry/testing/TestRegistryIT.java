package dev.berth.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain test registry starts, serves the distribution API, takes a skopeo push, and cleans up. */
class TestRegistryIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  @Test
  void start_plain_answersV2OnLoopbackAndCloseRemovesEverything() throws Exception {
    Path storage;
    TestRegistry registry = TestRegistry.start();
    try (registry) {
      storage = registry.storage();
      assertThat(registry.host()).startsWith("127.0.0.1:");
      assertThat(registry.url().toString()).isEqualTo("http://" + registry.host());
      HttpResponse<String> answer = get(registry, "/v2/");
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Docker-Distribution-Api-Version")).hasValue("registry/2.0");
    }
    assertThat(registry.isRunning()).isFalse();
    assertThat(storage.getParent()).doesNotExist();
  }

  @Test
  void jvmKilledOutright_registryProcessAndItsDirGoToo() throws Exception {
    Process jvm = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        RegistryInAnotherJvm.class.getName()).redirectErrorStream(true).start();
    String[] pidAndDir;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
      pidAndDir = out.readLine().split(" ");
    } finally {
      jvm.destroyForcibly().waitFor();
    }
    ProcessHandle registry = ProcessHandle.of(Long.parseLong(pidAndDir[0])).orElse(null);
    Path dir = Path.of(pidAndDir[1]);

    Instant deadline = Instant.now().plusSeconds(20);
    while ((registry != null && registry.isAlive() || Files.exists(dir)) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }

    assertThat(registry == null || !registry.isAlive()).as("registry %s still running", pidAndDir[0]).isTrue();
    assertThat(dir).doesNotExist();
  }

  @Test
  void push_ociLayoutWithSkopeo_registryServesManifestAndBlobsWithTheirDigests() throws Exception {
    TestImages.Image image = TestImages.ociLayout(work.resolve("layout"),
        TestImages.Layer.random(200_000), TestImages.Layer.random(1000, TestImages.Compression.ZSTD));
    try (TestRegistry registry = TestRegistry.start()) {
      String digest = Skopeo.of(registry).push(image, "berth/test:v1");

      assertThat(digest).isEqualTo(image.manifest().digest());
      HttpResponse<String> manifest = get(registry, "/v2/berth/test/manifests/v1",
          "Accept", TestImages.OCI_MANIFEST);
      assertThat(manifest.statusCode()).isEqualTo(200);
      assertThat(manifest.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
      assertThat(Hashing.sha256(manifest.body().getBytes())).isEqualTo(digest);
      JsonNode layers = JSON.readTree(manifest.body()).get("layers");
      assertThat(layers).hasSize(2);
      for (TestImages.LayerBlob layer : image.layers()) {
        HttpResponse<byte[]> blob = registry.httpClient().send(
            HttpRequest.newBuilder(registry.url().resolve("/v2/berth/test/blobs/" + layer.blob().digest())).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(blob.statusCode()).isEqualTo(200);
        assertThat(Hashing.sha256(blob.body())).isEqualTo(layer.blob().digest());
        assertThat(Files.readAllBytes(registry.blobFile(layer.blob().digest()))).isEqualTo(blob.body());
      }
      assertThat(layers.get(1).get("mediaType").asText()).isEqualTo(TestImages.Compression.ZSTD.mediaType());
    }
  }

  @Test
  void rawPush_uncompressedLayer_registryKeepsTheLayoutsManifestUnchanged() throws Exception {
    TestImages.Image image = TestImages.ociLayout(work.resolve("layout"),
        TestImages.Layer.random(10, TestImages.Compression.NONE), TestImages.Layer.random(100));
    try (TestRegistry registry = TestRegistry.start()) {
      String digest = RawPusher.of(registry).push(image, "raw/push:v1");

      String raw = Skopeo.of(registry).inspectRaw("raw/push:v1");
      assertThat(Hashing.sha256(raw.getBytes())).isEqualTo(digest).isEqualTo(image.manifest().digest());
      assertThat(JSON.readTree(raw).at("/layers/0/mediaType").asText())
          .isEqualTo(TestImages.Compression.NONE.mediaType());
      assertThat(Files.size(registry.blobFile(image.layers().getFirst().blob().digest())))
          .isEqualTo(image.layers().getFirst().blob().size());
    }
  }

  @Test
  void pull_withSkopeo_copiesTheImageBackWithTheSameDigest() {
    TestImages.Image image = TestImages.ociLayout(work.resolve("in"), TestImages.Layer.random(5000));
    try (TestRegistry registry = TestRegistry.start()) {
      Skopeo skopeo = Skopeo.of(registry);
      skopeo.push(image, "round/trip:latest");

      String digest = skopeo.pull("round/trip:latest", work.resolve("out"), "copy");

      assertThat(digest).isEqualTo(image.manifest().digest());
      assertThat(work.resolve("out").resolve("blobs/sha256").toFile().list())
          .contains(image.layers().getFirst().blob().digest().substring("sha256:".length()));
    }
  }

  @Test
  void push_dockerFormat_registryHoldsSchema2Manifest() throws Exception {
    TestImages.Image image = TestImages.ociLayout(work.resolve("layout"), TestImages.Layer.random(3000));
    try (TestRegistry registry = TestRegistry.start()) {
      String digest = Skopeo.of(registry).push(image.layout(), image.tag(), "docker/format:v2", Skopeo.Format.DOCKER);

      String raw = Skopeo.of(registry).inspectRaw("docker/format:v2");
      assertThat(JSON.readTree(raw).get("mediaType").asText())
          .isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
      assertThat(Hashing.sha256(raw.getBytes())).isEqualTo(digest).isNotEqualTo(image.manifest().digest());
    }
  }

  private static HttpResponse<String> get(TestRegistry registry, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(registry.url().resolve(path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    HttpClient client = registry.httpClient();
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
