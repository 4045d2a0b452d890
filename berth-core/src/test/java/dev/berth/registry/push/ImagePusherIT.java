package dev.berth.registry.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.image.content.LocalContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Json;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.ProgressEvent.State;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryOptions;
import dev.berth.registry.RegistryTransport;
import dev.berth.registry.auth.Credential;
import dev.berth.registry.testing.FaultProxy;
import dev.berth.registry.testing.Skopeo;
import dev.berth.registry.testing.TestImages;
import dev.berth.registry.testing.TestImages.Compression;
import dev.berth.registry.testing.TestImages.Layer;
import dev.berth.registry.testing.TestRegistry;
import dev.berth.registry.testing.TokenServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Berth pushes to docker-registry; skopeo reads and copies back what it pushed, with the same digest. The
 * layers are gzip: skopeo 1.9 recompresses uncompressed layers when it copies into an OCI layout, which would
 * change the digest for reasons of its own.
 */
class ImagePusherIT {
  @TempDir Path dir;
  private LocalContentStore content;
  private TestImages.Image image;
  private Descriptor manifest;
  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void seedStore() throws IOException {
    content = LocalContentStore.open(dir.resolve("content"));
    image = TestImages.ociLayout(dir.resolve("layout"), "latest", List.of("/bin/sh"),
        List.of(Layer.random(400_000, Compression.GZIP), Layer.random(30_000, Compression.GZIP), Layer.random(20_000, Compression.GZIP)));
    try (var blobs = Files.list(image.layout().resolve("blobs/sha256"))) {
      for (Path blob : blobs.toList()) content.write(Files.readAllBytes(blob));
    }
    manifest = Descriptor.of(image.manifest().mediaType(), Digest.parse(image.manifest().digest()), image.manifest().size());
  }

  private PushResult push(RegistryTransport transport, String host, String repo, String tag, String mountFrom, long chunk,
      Credential credential) {
    RegistryClient client = RegistryClient.forPush(transport, host, repo, credential, mountFrom == null ? List.of() : List.of(mountFrom));
    return new ImagePusher(client, content, 3, chunk).push(manifest, tag, mountFrom, events::add);
  }

  private List<Digest> layersIn(State state) {
    return events.stream().filter(e -> e.state() == state).map(ProgressEvent::layerDigest).toList();
  }

  private List<Digest> layers() {
    return image.layers().stream().map(l -> Digest.parse(l.blob().digest())).toList();
  }

  @Test
  void push_thenSkopeoInspectsAndCopiesItBackWithTheSameDigest() throws IOException {
    try (TestRegistry registry = TestRegistry.start(); var transport = new RegistryTransport(RegistryOptions.defaults())) {
      PushResult result = push(transport, registry.host(), "berth/pushed", "v1", null, ImagePusher.DEFAULT_CHUNK, Credential.ANONYMOUS);

      assertThat(result.digest()).isEqualTo(manifest.digest());
      assertThat(result.summary()).isEqualTo("v1: digest: " + manifest.digest() + " size: " + manifest.size());
      JsonNode inspect = Json.MAPPER.readTree(Skopeo.of(registry).inspect("berth/pushed:v1"));
      assertThat(inspect.get("Digest").asText()).isEqualTo(manifest.digest().toString());
      String copied = Skopeo.of(registry).pull("berth/pushed:v1", dir.resolve("copy"), "v1");
      assertThat(copied).isEqualTo(manifest.digest().toString());
      assertThat(layersIn(State.PUSHED)).containsExactlyInAnyOrderElementsOf(layers());

      events.clear();
      PushResult again = push(transport, registry.host(), "berth/pushed", "v1", null, ImagePusher.DEFAULT_CHUNK, Credential.ANONYMOUS);

      assertThat(again.digest()).isEqualTo(manifest.digest());
      assertThat(layersIn(State.LAYER_EXISTS)).containsExactlyInAnyOrderElementsOf(layers());
      assertThat(layersIn(State.PUSHING)).isEmpty();

      events.clear();
      push(transport, registry.host(), "berth/mounted", "v1", "berth/pushed", ImagePusher.DEFAULT_CHUNK, Credential.ANONYMOUS);

      assertThat(layersIn(State.MOUNTED)).containsExactlyInAnyOrderElementsOf(layers());
      assertThat(events).filteredOn(e -> e.state() == State.MOUNTED).extracting(ProgressEvent::status)
          .containsOnly("Mounted from berth/pushed");
      assertThat(Json.MAPPER.readTree(Skopeo.of(registry).inspect("berth/mounted:v1")).get("Digest").asText())
          .isEqualTo(manifest.digest().toString());
    }
  }

  @Test
  void push_largeBlobInChunks_sendsPatchesAndClosesWithPut() throws IOException {
    try (TestRegistry registry = TestRegistry.start(); FaultProxy proxy = FaultProxy.start(registry);
        var transport = new RegistryTransport(RegistryOptions.defaults())) {
      push(transport, proxy.host(), "berth/chunked", "v1", null, 100_000, Credential.ANONYMOUS);

      long patches = proxy.forwarded().stream().filter(f -> f.method().equals("PATCH")).count();
      long bigLayer = image.layers().getFirst().blob().size();
      assertThat(patches).isEqualTo((bigLayer + 99_999) / 100_000);
      assertThat(proxy.forwarded().getLast().method()).as("the manifest goes last").isEqualTo("PUT");
      assertThat(proxy.forwarded().getLast().path()).endsWith("/manifests/v1");
      String copied = Skopeo.of(registry).pull("berth/chunked:v1", dir.resolve("copy"), "v1");
      assertThat(copied).isEqualTo(manifest.digest().toString());
    }
  }

  @Test
  void push_tokenExpiresMidPush_isFetchedAgainAndThePushCompletes() {
    try (TokenServer tokens = TokenServer.builder().lifetime(Duration.ofSeconds(2)).start();
        TestRegistry registry = TestRegistry.withTokenAuth(tokens); FaultProxy proxy = FaultProxy.start(registry);
        var transport = new RegistryTransport(RegistryOptions.defaults())) {
      var slow = proxy.on("PUT", "/v2/berth/tok/blobs/uploads/.*").nth(1).delay(Duration.ofSeconds(3));

      PushResult result = push(transport, proxy.host(), "berth/tok", "v1", null, ImagePusher.DEFAULT_CHUNK, Credential.ANONYMOUS);

      assertThat(slow.fired()).isEqualTo(1);
      assertThat(proxy.forwarded()).anyMatch(f -> f.status() == 401 && f.method().equals("PUT"));
      assertThat(tokens.requests().size()).isGreaterThanOrEqualTo(2);
      assertThat(result.digest()).isEqualTo(manifest.digest());
      assertThat(Skopeo.of(registry).inspectRaw("berth/tok:v1")).isNotBlank();
    }
  }
}
