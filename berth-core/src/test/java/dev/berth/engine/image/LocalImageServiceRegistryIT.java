package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.Image;
import dev.berth.engine.events.Event;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.NotFoundException;
import dev.berth.image.content.LocalContentStore;
import dev.berth.image.store.JsonImageStore;
import dev.berth.oci.Digest;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.ProgressEvent.State;
import dev.berth.registry.RegistryAccess;
import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryOptions;
import dev.berth.registry.auth.CredentialSource;
import dev.berth.storage.SnapshotInfo;
import dev.berth.registry.push.PushResult;
import dev.berth.registry.testing.FaultProxy;
import dev.berth.registry.testing.FaultRule;
import dev.berth.registry.testing.RawPusher;
import dev.berth.registry.testing.Skopeo;
import dev.berth.registry.testing.TestImages;
import dev.berth.registry.testing.TestImages.Compression;
import dev.berth.registry.testing.TestImages.Layer;
import dev.berth.registry.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's pull (blobs from a real registry, layers unpacked into snapshots, then the image registered)
 * and push (mounting blobs from the repository the image came from).
 */
class LocalImageServiceRegistryIT {
  private static TestRegistry registry;

  @TempDir Path root;
  private JsonImageStore store;
  private LocalContentStore content;
  private FakeSnapshotter snapshotter;
  private LocalImageService service;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<ProgressEvent> progress = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.start();
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) registry.close();
  }

  @BeforeEach
  void open() throws Exception {
    Files.createDirectories(root.resolve("snaps"));
    store = JsonImageStore.open(root.resolve("images"));
    EventBus bus = new EventBus();
    bus.subscribe(-1, e -> true, events::add);
    content = LocalContentStore.open(root.resolve("content"));
    snapshotter = new FakeSnapshotter(root.resolve("snaps"));
    service = new LocalImageService(store, content, snapshotter,
        EngineArchive.LAYER_APPLIER, new EngineArchive(), bus, root.resolve("tmp"),
        new RegistryAccess(RegistryOptions.defaults(), CredentialSource.NONE));
  }

  private boolean isCommitted(Digest chain) {
    return snapshotter.stat(chain.toString()).map(s -> s.kind() == SnapshotInfo.Kind.COMMITTED).orElse(false);
  }

  private List<String> snapshots() {
    List<String> names = new ArrayList<>();
    snapshotter.walk(s -> names.add(s.name()));
    return names;
  }

  private static Digest first(TestImages.Image image) {
    return Digest.parse(image.layers().getFirst().blob().digest());
  }

  /** The event a layer's step gives, as the puller makes it. */
  private ProgressEvent event(Digest layer, State state) {
    return progress.stream().filter(e -> e.layerDigest().equals(layer) && e.state() == state).findFirst()
        .orElseThrow(() -> new AssertionError("no " + state + " for " + layer + " in " + progress));
  }

  @Test
  void pull_byTag_registersTheImageWithTagAndRepoDigestAfterUnpacking() {
    TestImages.Image image = TestImages.ociLayout(root.resolve("layout"), "latest", List.of("/bin/sh"),
        List.of(Layer.random(20_000, Compression.GZIP), Layer.random(30_000, Compression.ZSTD), Layer.random(10_000, Compression.NONE)));
    String digest = RawPusher.of(registry).push(image, "berth/engine:v1");
    String name = registry.host() + "/berth/engine:v1";

    Image pulled = service.pull(name, null, null, progress::add);

    assertThat(pulled.id()).hasToString(image.config().digest());
    assertThat(pulled.tags()).extracting(Object::toString).containsExactly(name);
    assertThat(pulled.repoDigests()).containsExactly(registry.host() + "/berth/engine@" + digest);
    assertThat(service.inspect(name).id()).isEqualTo(pulled.id());
    assertThat(progress).filteredOn(e -> e.state() == State.PULL_COMPLETE).extracting(ProgressEvent::layerDigest)
        .containsExactlyElementsOf(image.layers().stream().map(l -> Digest.parse(l.blob().digest())).toList());
    assertThat(events).anyMatch(e -> e.type().equals("image") && e.action().equals("pull"));
    assertThat(service.inspect(registry.host() + "/berth/engine@" + digest).id()).isEqualTo(pulled.id());
  }

  @Test
  void pull_corruptLayer_registersNothing() throws Exception {
    TestImages.Image image = TestImages.ociLayout(root.resolve("bad"), "latest", List.of("/bin/sh"), List.of(Layer.random(20_000)));
    RawPusher.of(registry).push(image, "berth/bad:v1");
    Path blob = registry.blobFile(image.layers().getFirst().blob().digest());
    Files.write(blob, new byte[(int) Files.size(blob)]);

    assertThatThrownBy(() -> service.pull(registry.host() + "/berth/bad:v1", null, null, null))
        .isInstanceOf(RegistryException.class).hasMessageContaining(image.layers().getFirst().blob().digest());

    assertThat(service.list(true)).isEmpty();
    assertThatThrownBy(() -> service.inspect(registry.host() + "/berth/bad:v1")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void pull_lastLayerHeldUntilTheFirstIsUnpacked_unpacksWhileTheRestDownloads() {
    TestImages.Image image = TestImages.ociLayout(root.resolve("overlap"), "latest", List.of("/bin/sh"),
        List.of(Layer.random(200_000), Layer.random(100_000), Layer.random(50_000)));
    RawPusher.of(registry).push(image, "berth/overlap:v1");
    Digest first = Digest.parse(image.layers().getFirst().diffId());
    Digest last = Digest.parse(image.layers().getLast().blob().digest());
    try (FaultProxy proxy = FaultProxy.start(registry)) {
      // a pull that unpacked only after its last download would never get this blob: the proxy answers 412
      FaultRule held = proxy.on("GET", "/v2/berth/overlap/blobs/" + last).holdUntil(() -> isCommitted(first), Duration.ofSeconds(20));

      Image pulled = service.pull(proxy.host() + "/berth/overlap:v1", null, null, progress::add);

      assertThat(held.fired()).isEqualTo(1);
      assertThat(pulled.id()).hasToString(image.config().digest());
      assertThat(progress.indexOf(event(first(image), State.EXTRACTING)))
          .isLessThan(progress.indexOf(event(last, State.DOWNLOAD_COMPLETE)));
      assertThat(snapshots()).hasSize(3);
    }
  }

  @Test
  void pull_corruptLastLayerAfterTheFirstIsUnpacked_leavesNoSnapshotAndNoImageButKeepsTheBlobs() {
    TestImages.Image image = TestImages.ociLayout(root.resolve("late"), "latest", List.of("/bin/sh"),
        List.of(Layer.random(40_000), Layer.random(30_000)));
    RawPusher.of(registry).push(image, "berth/late:v1");
    Digest first = Digest.parse(image.layers().getFirst().diffId());
    Digest last = Digest.parse(image.layers().getLast().blob().digest());
    try (FaultProxy proxy = FaultProxy.start(registry)) {
      FaultRule held = proxy.on("GET", "/v2/berth/late/blobs/" + last).holdUntil(() -> isCommitted(first), Duration.ofSeconds(20));
      proxy.on("GET", "/v2/berth/late/blobs/" + last).corruptAt(100);

      assertThatThrownBy(() -> service.pull(proxy.host() + "/berth/late:v1", null, null, progress::add))
          .isInstanceOf(RegistryException.class).hasMessageContaining("verification failed for digest " + last);

      assertThat(held.fired()).isEqualTo(2);
      assertThat(progress).contains(event(first(image), State.PULL_COMPLETE));
      assertThat(snapshots()).isEmpty();
      assertThat(service.list(true)).isEmpty();
      assertThat(content.exists(first(image))).isTrue();
      assertThat(content.exists(last)).isFalse();
    }
  }

  @Test
  void push_pulledImageToAnotherRepository_mountsItsBlobsAndReportsTheDigest() {
    TestImages.Image image = TestImages.ociLayout(root.resolve("layout"), "latest", List.of("/bin/sh"),
        List.of(Layer.random(20_000), Layer.random(30_000)));
    String digest = RawPusher.of(registry).push(image, "berth/source:v1");
    service.pull(registry.host() + "/berth/source:v1", null, null, null);
    service.tag(registry.host() + "/berth/source:v1", registry.host() + "/berth/copy:v2");

    PushResult result = service.push(registry.host() + "/berth/copy:v2", null, progress::add);

    assertThat(result.summary()).startsWith("v2: digest: " + digest + " size: ");
    assertThat(progress).filteredOn(e -> e.state() == State.MOUNTED).extracting(ProgressEvent::layerDigest)
        .containsExactlyInAnyOrderElementsOf(image.layers().stream().map(l -> Digest.parse(l.blob().digest())).toList());
    assertThat(Skopeo.of(registry).inspectRaw("berth/copy:v2")).isNotBlank();
    assertThat(events).anyMatch(e -> e.type().equals("image") && e.action().equals("push"));
  }
}
