package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.Image;
import dev.berth.engine.ImageService.CommitRequest;
import dev.berth.engine.ImageService.HistoryItem;
import dev.berth.engine.events.Event;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.image.content.LocalContentStore;
import dev.berth.image.store.JsonImageStore;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import dev.berth.storage.SnapshotInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker commit through LocalImageService on a temp store: layers, config changes, history, snapshots. */
class LocalImageServiceCommitTest {
  @TempDir Path root;

  private LocalContentStore content;
  private JsonImageStore store;
  private FakeSnapshotter snapshotter;
  private LocalImageService service;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private Image base;
  private byte[] baseTar;

  @BeforeEach
  void open() throws Exception {
    Files.createDirectories(root.resolve("snaps"));
    content = LocalContentStore.open(root.resolve("content"));
    store = JsonImageStore.open(root.resolve("images"));
    snapshotter = new FakeSnapshotter(root.resolve("snaps"));
    EventBus bus = new EventBus();
    service = new LocalImageService(store, content, snapshotter, EngineArchive.LAYER_APPLIER, new EngineArchive(), bus,
        root.resolve("tmp"));
    baseTar = Tars.of(Map.of("etc/base", "b"));
    base = service.importImage(new ByteArrayInputStream(baseTar), "example/base:1", List.of("CMD [\"sh\"]", "ENV A=1"), null);
    bus.subscribe(-1, e -> true, events::add);
  }

  private static ImageConfig.ContainerConfig containerConfig() {
    return new ImageConfig.ContainerConfig("app", Map.of("80/tcp", Map.<String, Object>of()), List.of("A=1", "PATH=/bin"),
        null, List.of("sh", "-c", "echo hi > /app/new"), Map.of("/data", Map.<String, Object>of()), "/app",
        Map.of("from", "container"), "SIGTERM", null, Map.<String, Object>of("Test", List.of("CMD", "true")), null, null);
  }

  private CommitRequest request(byte[] layer, String reference, String... changes) {
    return new CommitRequest(base.id(), out -> out.write(layer), containerConfig(), List.of(changes), "added app", "me",
        reference);
  }

  @Test
  void commit_onParent_appendsOneLayerAndHistoryAndAppliesChanges() {
    byte[] layer = Tars.of(Map.of("app/new", "hi\n"));
    Image image = service.commit(request(layer, "example/committed:2", "ENV B=2", "CMD [\"/app/run\"]", "LABEL x=y"));

    ImageConfig config = image.config();
    assertThat(config.diffIds()).containsExactly(Digest.sha256(baseTar), Digest.sha256(layer));
    ImageConfig.ContainerConfig c = config.config();
    assertThat(c.cmd()).containsExactly("/app/run");
    assertThat(c.env()).containsExactly("A=1", "PATH=/bin", "B=2");
    assertThat(c.labels()).containsEntry("from", "container").containsEntry("x", "y");
    assertThat(c.workingDir()).isEqualTo("/app");
    assertThat(c.user()).isEqualTo("app");
    assertThat(c.exposedPorts()).containsKey("80/tcp");
    assertThat(c.volumes()).containsKey("/data");
    assertThat(c.stopSignal()).isEqualTo("SIGTERM");
    assertThat(c.healthcheck()).containsEntry("Test", List.of("CMD", "true"));
    assertThat(config.author()).isEqualTo("me");
    assertThat(config.comment()).isEqualTo("added app");
    assertThat(config.architecture()).isEqualTo("amd64");
    assertThat(config.history()).hasSize(2).last().satisfies(h -> {
      assertThat(h.createdBy()).isEqualTo("sh -c echo hi > /app/new");
      assertThat(h.comment()).isEqualTo("added app");
      assertThat(h.author()).isEqualTo("me");
      assertThat(h.isEmptyLayer()).isFalse();
    });

    Manifest manifest = Json.read(content.read(image.manifest().digest()), Manifest.class);
    assertThat(manifest.layers()).extracting(l -> l.digest()).containsExactly(Digest.sha256(baseTar), Digest.sha256(layer));
    assertThat(manifest.layers().getLast().mediaType()).isEqualTo(MediaTypes.OCI_LAYER);
    assertThat(image.tags()).extracting(Object::toString).containsExactly("docker.io/example/committed:2");
    assertThat(image.size()).isEqualTo(baseTar.length + layer.length);

    List<HistoryItem> history = service.history("example/committed:2");
    assertThat(history).hasSize(2);
    assertThat(history.getFirst().id()).isEqualTo(image.id().toString());
    assertThat(history.getFirst().createdBy()).isEqualTo("sh -c echo hi > /app/new");
    assertThat(history.getFirst().size()).isEqualTo(layer.length);
    assertThat(events).isEmpty();
  }

  /** The fake snapshotter keeps each layer in its own directory: the new chain holds just the container's files. */
  @Test
  void commit_newChainSnapshot_isCommittedOnTheParentsChainWithTheDiff() {
    byte[] layer = Tars.of(Map.of("app/new", "hi\n"));
    Image image = service.commit(request(layer, null));
    List<Digest> chain = ChainIds.of(image.config().diffIds());

    SnapshotInfo top = snapshotter.stat(chain.getLast().toString()).orElseThrow();
    assertThat(top.kind()).isEqualTo(SnapshotInfo.Kind.COMMITTED);
    assertThat(top.parent()).isEqualTo(chain.getFirst().toString());
    assertThat(snapshotter.usage(top.name()).size()).isEqualTo(3);
    assertThat(image.tags()).isEmpty();
    assertThat(service.list(true)).extracting(Image::id).contains(image.id(), base.id());
  }

  @Test
  void commit_onbuildAndStopsignalChanges_areAppliedAsDockerCommitAllows() {
    Image image = service.commit(request(Tars.of(Map.of("x", "1")), null, "ONBUILD RUN echo triggered", "STOPSIGNAL SIGQUIT"));
    assertThat(image.config().config().onBuild()).containsExactly("RUN echo triggered");
    assertThat(image.config().config().stopSignal()).isEqualTo("SIGQUIT");
    assertThatThrownBy(() -> service.commit(request(Tars.of(Map.of("x", "1")), null, "ONBUILD FROM busybox")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("FROM isn't allowed as an ONBUILD trigger");
  }

  @Test
  void commit_noChanges_addsAnEmptyLayerHistoryEntryButNoLayer() {
    Image image = service.commit(request(new byte[1024], null));
    assertThat(image.config().diffIds()).containsExactly(Digest.sha256(baseTar));
    assertThat(image.config().history()).hasSize(2).last().satisfies(h -> assertThat(h.isEmptyLayer()).isTrue());
    assertThat(Json.read(content.read(image.manifest().digest()), Manifest.class).layers()).hasSize(1);
    assertThat(image.id()).isNotEqualTo(base.id());
  }

  @Test
  void commit_withoutParent_makesAOneLayerImage() {
    byte[] layer = Tars.of(Map.of("only", "1"));
    Image image = service.commit(new CommitRequest(null, out -> out.write(layer), null, List.of("CMD [\"/only\"]"), null,
        null, "scratchy"));
    assertThat(image.config().diffIds()).containsExactly(Digest.sha256(layer));
    assertThat(image.config().history()).singleElement().satisfies(h -> assertThat(h.createdBy()).isEmpty());
    assertThat(image.config().config().cmd()).containsExactly("/only");
    assertThat(image.config().os()).isEqualTo("linux");
  }

  @Test
  void commit_layerWriterFails_registersNothing() {
    int before = service.list(true).size();
    CommitRequest failing = new CommitRequest(base.id(), out -> {
      out.write(new byte[512]);
      throw new IOException("diff exploded");
    }, containerConfig(), List.of(), null, null, "example/broken:1");
    assertThatThrownBy(() -> service.commit(failing)).isInstanceOf(SystemException.class).hasMessageContaining("diff exploded");
    assertThat(service.list(true)).hasSize(before);
    assertThatThrownBy(() -> service.inspect("example/broken:1")).isInstanceOf(NotFoundException.class);
    assertThat(root.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void commit_badChangeOrReferenceOrParent_failsBeforeTheLayerIsWritten() {
    AtomicBoolean written = new AtomicBoolean();
    CommitRequest badChange = new CommitRequest(base.id(), out -> written.set(true), null, List.of("RUN rm -rf /"), null,
        null, null);
    assertThatThrownBy(() -> service.commit(badChange)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("RUN rm -rf /");
    CommitRequest badRef = new CommitRequest(base.id(), out -> written.set(true), null, List.of(), null, null, "Bad:Ref:x");
    assertThatThrownBy(() -> service.commit(badRef)).isInstanceOf(InvalidArgumentException.class);
    Digest missing = Digest.sha256("nothing".getBytes());
    CommitRequest noParent = new CommitRequest(missing, out -> written.set(true), null, List.of(), null, null, null);
    assertThatThrownBy(() -> service.commit(noParent)).isInstanceOf(NotFoundException.class)
        .hasMessageContaining(missing.toString());
    assertThat(written).isFalse();
  }
}
