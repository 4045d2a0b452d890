package dev.berth.registry.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.image.content.LocalContentStore;
import dev.berth.oci.Digest;
import dev.berth.oci.Json;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Platform;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.ProgressEvent.State;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryOptions;
import dev.berth.registry.RegistryTransport;
import dev.berth.registry.auth.Credential;
import dev.berth.registry.testing.RawPusher;
import dev.berth.registry.testing.Skopeo;
import dev.berth.registry.testing.TestImages;
import dev.berth.registry.testing.TestIndexes;
import dev.berth.registry.testing.TestImages.Compression;
import dev.berth.registry.testing.TestImages.Layer;
import dev.berth.registry.testing.TestRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls from Debian's docker-registry images pushed from OCI layouts Berth did not write: by skopeo, or
 * byte for byte by the test's raw pusher where the test needs the layout's own digests (skopeo compresses
 * uncompressed layers as it pushes).
 */
class ImagePullerIT {
  private static TestRegistry registry;
  private static RegistryTransport transport;

  @TempDir Path dir;
  private LocalContentStore content;
  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.start();
    transport = new RegistryTransport(RegistryOptions.defaults());
  }

  @AfterAll
  static void stopRegistry() {
    if (transport != null) transport.close();
    if (registry != null) registry.close();
  }

  @BeforeEach
  void openStore() {
    content = LocalContentStore.open(dir.resolve("content"));
  }

  @AfterEach
  void noIngestLeftovers() throws IOException {
    try (var s = Files.list(dir.resolve("content/ingest"))) {
      assertThat(s.toList()).as("ingest leftovers").isEmpty();
    }
  }

  private TestImages.Image image(String name, Layer... layers) {
    return TestImages.ociLayout(dir.resolve("layout-" + name), "latest", List.of("/bin/sh"), List.of(layers));
  }

  private ImagePuller puller(String repository, int concurrency) {
    return new ImagePuller(RegistryClient.forPull(transport, registry.host(), repository, Credential.ANONYMOUS), content, concurrency);
  }

  private List<Digest> layersIn(State state) {
    return events.stream().filter(e -> e.state() == state).map(ProgressEvent::layerDigest).toList();
  }

  private static List<Digest> digests(TestImages.Image image) {
    return image.layers().stream().map(l -> Digest.parse(l.blob().digest())).toList();
  }

  @Test
  void pull_ociImageOfGzipZstdAndPlainLayers_storesEveryBlobAsPushed() throws IOException {
    TestImages.Image image = image("mixed", Layer.random(300_000, Compression.GZIP), Layer.random(200_000, Compression.ZSTD),
        Layer.random(100_000, Compression.NONE), Layer.random(50_000, Compression.GZIP));
    String pushed = RawPusher.of(registry).push(image, "berth/mixed:v1");

    PullResult result = puller("berth/mixed", 3).pull("v1", Platform.LINUX_AMD64, events::add);

    JsonNode inspect = Json.MAPPER.readTree(Skopeo.of(registry).inspect("berth/mixed:v1"));
    assertThat(result.repoDigest()).hasToString(pushed).hasToString(inspect.get("Digest").asText());
    assertThat(result.configDigest()).hasToString(image.config().digest());
    assertThat(result.manifestDescriptor().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(content.read(result.manifestDescriptor().digest())).isEqualTo(Files.readAllBytes(image.blobPath(pushed)));
    List<String> inspectLayers = new ArrayList<>();
    inspect.get("Layers").forEach(n -> inspectLayers.add(n.asText()));
    assertThat(result.manifest().layers()).extracting(d -> d.digest().toString()).containsExactlyElementsOf(inspectLayers);
    for (Digest layer : digests(image)) {
      assertThat(content.read(layer)).as("layer %s", layer).isEqualTo(Files.readAllBytes(image.blobPath(layer.toString())));
    }
    assertThat(result.manifest().layers()).extracting(d -> d.mediaType())
        .containsExactly(MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_LAYER_ZSTD, MediaTypes.OCI_LAYER, MediaTypes.OCI_LAYER_GZIP);
    assertThat(layersIn(State.DOWNLOAD_COMPLETE)).containsExactlyInAnyOrderElementsOf(digests(image));
    assertThat(layersIn(State.WAITING)).containsExactlyElementsOf(digests(image));
  }

  @Test
  void pull_again_skipsEveryBlobAlreadyPresent() {
    TestImages.Image image = image("again", Layer.random(10_000), Layer.random(20_000));
    Skopeo.of(registry).push(image, "berth/again:v1");
    puller("berth/again", 3).pull("v1", Platform.LINUX_AMD64, e -> {});

    PullResult second = puller("berth/again", 3).pull("v1", Platform.LINUX_AMD64, events::add);

    assertThat(layersIn(State.ALREADY_EXISTS)).containsExactlyInAnyOrderElementsOf(digests(image));
    assertThat(layersIn(State.DOWNLOADING)).isEmpty();
    assertThat(second.configDigest()).hasToString(image.config().digest());
  }

  @Test
  void pull_byDigestOfDockerSchema2Image_verifiesAndStoresIt() {
    TestImages.Image image = image("docker", Layer.random(30_000), Layer.random(40_000));
    String pushed = Skopeo.of(registry).push(image.layout(), "latest", "berth/docker:v2", Skopeo.Format.DOCKER);

    PullResult result = puller("berth/docker", 2).pull(pushed, Platform.LINUX_AMD64, events::add);

    assertThat(result.manifestDescriptor().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(result.manifestDescriptor().digest()).hasToString(pushed);
    assertThat(result.manifest().layers()).allSatisfy(l -> assertThat(l.mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP));
    assertThat(result.manifest().layers()).allSatisfy(l -> assertThat(content.exists(l.digest())).isTrue());
    assertThat(content.exists(result.configDigest())).isTrue();
  }

  @Test
  void pull_index_picksTheWantedPlatform() throws Exception {
    TestImages.Image amd = image("amd", Layer.random(11_000));
    TestImages.Image arm = image("arm", Layer.random(12_000));
    String amdDigest = Skopeo.of(registry).push(amd, "berth/multi:amd64");
    String armDigest = Skopeo.of(registry).push(arm, "berth/multi:arm64");
    String index = """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
         {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%d,"platform":{"architecture":"arm64","os":"linux"}},
         {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%d,"platform":{"architecture":"amd64","os":"linux"}}]}"""
        .formatted(armDigest, Files.size(arm.blobPath(armDigest)), amdDigest, Files.size(amd.blobPath(amdDigest)));
    putManifest("berth/multi", "all", MediaTypes.OCI_INDEX, index);

    PullResult amdResult = puller("berth/multi", 3).pull("all", Platform.LINUX_AMD64, e -> {});
    PullResult armResult = puller("berth/multi", 3).pull("all", new Platform("arm64", "linux", null, null, null), e -> {});

    assertThat(amdResult.manifestDescriptor().digest()).hasToString(amdDigest);
    assertThat(armResult.manifestDescriptor().digest()).hasToString(armDigest);
    assertThat(amdResult.repoDigest()).isEqualTo(Digest.sha256(index.getBytes())).isEqualTo(armResult.repoDigest());
    assertThatThrownBy(() -> puller("berth/multi", 3).pull("all", new Platform("s390x", "linux", null, null, null), e -> {}))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("linux/s390x");
  }

  @Test
  void pull_dockerManifestListPushedBySkopeo_picksEachPlatformsImage() throws Exception {
    TestIndexes.MultiPlatformImage multi = TestIndexes.ociIndex(dir.resolve("multi"), "all",
        List.of(TestImages.Platform.LINUX_ARM_V7, TestImages.Platform.LINUX_AMD64, TestImages.Platform.LINUX_ARM64),
        List.of(Layer.random(9_000), Layer.random(8_000)));
    String list = Skopeo.of(registry).pushAll(multi, "berth/list:all", Skopeo.Format.DOCKER);
    String raw = Skopeo.of(registry).inspectRaw("berth/list:all");
    assertThat(Json.MAPPER.readTree(raw).get("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);

    PullResult amd = puller("berth/list", 3).pull("all", Platform.LINUX_AMD64, e -> {});
    PullResult armV7 = puller("berth/list", 3).pull(list, new Platform("arm", "linux", null, null, "v7"), e -> {});

    assertThat(amd.repoDigest()).hasToString(list);
    assertThat(amd.manifestDescriptor().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(amd.configDigest()).hasToString(multi.image(TestImages.Platform.LINUX_AMD64).config().digest());
    assertThat(armV7.configDigest()).hasToString(multi.image(TestImages.Platform.LINUX_ARM_V7).config().digest());
    assertThat(armV7.repoDigest()).hasToString(list);
  }

  @Test
  void pull_corruptBlobInTheRegistry_isRefusedNamingItsDigestAndNothingIsKept() throws IOException {
    TestImages.Image image = image("corrupt", Layer.random(40_000), Layer.random(50_000));
    Skopeo.of(registry).push(image, "berth/corrupt:v1");
    Digest bad = digests(image).get(1);
    Path blob = registry.blobFile(bad.toString());
    byte[] garbage = new byte[(int) Files.size(blob)];
    new Random(7).nextBytes(garbage);
    Files.write(blob, garbage);

    assertThatThrownBy(() -> puller("berth/corrupt", 3).pull("v1", Platform.LINUX_AMD64, e -> {}))
        .isInstanceOf(RegistryException.class).hasMessageContaining(bad.toString()).hasMessageContaining("verification failed");

    assertThat(content.exists(bad)).isFalse();
    assertThat(content.exists(Digest.parse(image.manifest().digest()))).as("manifest committed before its blobs").isFalse();
  }

  @Test
  void pull_interruptedMidBlob_keepsCommittedBlobsAndTheRerunFetchesOnlyTheRest() {
    TestImages.Image image = image("resume", Layer.random(1_500_000, Compression.NONE), Layer.random(1_500_000, Compression.NONE),
        Layer.random(1_500_000, Compression.NONE));
    RawPusher.of(registry).push(image, "berth/resume:v1");
    List<Digest> completed = new CopyOnWriteArrayList<>();
    RuntimeException kill = new IllegalStateException("simulated kill in the middle of a blob");

    assertThatThrownBy(() -> puller("berth/resume", 1).pull("v1", Platform.LINUX_AMD64, e -> {
      if (e.state() == State.DOWNLOAD_COMPLETE) completed.add(e.layerDigest());
      if (e.state() == State.DOWNLOADING && e.current() > 0 && !completed.isEmpty()) throw kill;
    })).isSameAs(kill);

    assertThat(completed).hasSize(1);
    List<Digest> missing = digests(image).stream().filter(d -> !content.exists(d)).toList();
    assertThat(missing).hasSize(2).doesNotContain(completed.getFirst());
    assertThat(content.exists(Digest.parse(image.manifest().digest()))).isFalse();

    puller("berth/resume", 1).pull("v1", Platform.LINUX_AMD64, events::add);

    assertThat(layersIn(State.ALREADY_EXISTS)).containsExactly(completed.getFirst());
    assertThat(layersIn(State.DOWNLOAD_COMPLETE)).containsExactlyInAnyOrderElementsOf(missing);
    assertThat(digests(image)).allSatisfy(d -> assertThat(content.exists(d)).isTrue());
  }

  @Test
  void pull_unknownTag_isNotFoundInDockersWords() {
    assertThatThrownBy(() -> puller("berth/none", 3).pull("nope", Platform.LINUX_AMD64, e -> {}))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("berth/none:nope").hasMessageContaining("unknown");
  }

  @Test
  void pull_manifestOfAnUnknownMediaType_isRefusedNamingIt() throws Exception {
    TestImages.Image image = image("artifact", Layer.random(1_000));
    Skopeo.of(registry).push(image, "berth/artifact:base");
    String manifest = """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.example.thing+json","digest":"%s","size":%d},"layers":[]}"""
        .formatted(image.config().digest(), image.config().size());
    putManifest("berth/artifact", "thing", MediaTypes.OCI_MANIFEST, manifest);

    assertThatThrownBy(() -> puller("berth/artifact", 3).pull("thing", Platform.LINUX_AMD64, e -> {}))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("application/vnd.example.thing+json");
  }

  private static void putManifest(String repository, String tag, String mediaType, String body) throws Exception {
    HttpRequest put = HttpRequest.newBuilder(URI.create(registry.url() + "/v2/" + repository + "/manifests/" + tag))
        .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> r = registry.httpClient().send(put, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("PUT manifest: %s", r.body()).isEqualTo(201);
  }
}
