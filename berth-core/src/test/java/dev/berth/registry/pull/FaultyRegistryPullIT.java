package dev.berth.registry.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.image.content.LocalContentStore;
import dev.berth.oci.Digest;
import dev.berth.oci.Platform;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryOptions;
import dev.berth.registry.RegistryTransport;
import dev.berth.registry.auth.Credential;
import dev.berth.registry.testing.FaultProxy;
import dev.berth.registry.testing.FaultRule;
import dev.berth.registry.testing.RawPusher;
import dev.berth.registry.testing.TestImages;
import dev.berth.registry.testing.TestImages.Compression;
import dev.berth.registry.testing.TestImages.Layer;
import dev.berth.registry.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls through a proxy that breaks the registry's answers: each fault is retried or refused clearly. */
class FaultyRegistryPullIT {
  private static final String REPO = "berth/faulty";
  private static TestRegistry registry;
  private static TestImages.Image image;
  @TempDir static Path shared;

  @TempDir Path dir;
  private FaultProxy proxy;
  private RegistryTransport transport;
  private LocalContentStore content;
  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.start();
    image = TestImages.ociLayout(shared.resolve("layout"), "latest", List.of("/bin/sh"),
        List.of(Layer.random(600_000, Compression.NONE), Layer.random(400_000, Compression.NONE)));
    RawPusher.of(registry).push(image, REPO + ":v1");
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) registry.close();
  }

  @BeforeEach
  void open() {
    proxy = FaultProxy.start(registry);
    transport = new RegistryTransport(RegistryOptions.defaults());
    content = LocalContentStore.open(dir.resolve("content"));
  }

  @AfterEach
  void close() throws IOException {
    transport.close();
    proxy.close();
    try (var s = Files.list(dir.resolve("content/ingest"))) {
      assertThat(s.toList()).as("ingest leftovers").isEmpty();
    }
  }

  private PullResult pull() {
    RegistryClient client = RegistryClient.forPull(transport, proxy.host(), REPO, Credential.ANONYMOUS);
    return new ImagePuller(client, content, 2).pull("v1", Platform.LINUX_AMD64, events::add);
  }

  private static String layer(int i) {
    return image.layers().get(i).blob().digest();
  }

  private static String blobPath(String digest) {
    return "/v2/" + REPO + "/blobs/" + digest.replace(":", "\\:");
  }

  private long requests(String method, String digest) {
    return proxy.forwarded().stream().filter(f -> f.method().equals(method) && f.path().endsWith(digest)).count();
  }

  private void assertWholeImage(PullResult result) {
    assertThat(result.manifestDescriptor().digest()).hasToString(image.manifest().digest());
    for (var l : image.layers()) assertThat(content.exists(Digest.parse(l.blob().digest()))).isTrue();
  }

  @Test
  void pull_503OnALayer_isRetried() {
    FaultRule rule = proxy.on("GET", blobPath(layer(0))).nth(1).respond(503);

    assertWholeImage(pull());

    assertThat(rule.fired()).isEqualTo(1);
    assertThat(requests("GET", layer(0))).isEqualTo(2);
  }

  @Test
  void pull_bodyCutInTheMiddle_resumesWithARangeRequest() {
    FaultRule rule = proxy.on("GET", blobPath(layer(0))).nth(1).truncateAfter(250_000);

    assertWholeImage(pull());

    assertThat(rule.fired()).isEqualTo(1);
    assertThat(requests("GET", layer(0))).isEqualTo(2);
  }

  @Test
  void pull_oneCorruptAnswer_isFetchedOnceMore() {
    proxy.on("GET", blobPath(layer(1))).nth(1).corruptAt(1_000);

    assertWholeImage(pull());

    assertThat(events).anyMatch(e -> e.state() == ProgressEvent.State.RETRYING && e.layerDigest().toString().equals(layer(1)));
  }

  @Test
  void pull_alwaysCorrupt_failsNamingTheDigestAndKeepsNoManifest() {
    proxy.on("GET", blobPath(layer(1))).always().corruptAt(1_000);

    assertThatThrownBy(this::pull).isInstanceOf(RegistryException.class).hasMessageContaining(layer(1));

    assertThat(content.exists(Digest.parse(layer(1)))).isFalse();
    assertThat(content.exists(Digest.parse(image.manifest().digest()))).isFalse();
  }

  @Test
  void pull_persistent5xx_failsClearlyAndTheNextPullResumes() {
    proxy.on("GET", blobPath(layer(1))).always().respond(500);

    assertThatThrownBy(this::pull).isInstanceOf(RegistryException.class).hasMessageContaining(layer(1)).hasMessageContaining("500");
    assertThat(content.exists(Digest.parse(image.manifest().digest()))).isFalse();
    assertThat(content.exists(Digest.parse(layer(1)))).isFalse();

    proxy.clearRules();
    long before = requests("GET", layer(0));
    assertWholeImage(pull());
    assertThat(requests("GET", layer(0)) - before).as("a committed layer is not fetched again").isZero();
  }
}
