package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.events.EventBus;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.image.content.ContentStore;
import dev.berth.image.content.LocalContentStore;
import dev.berth.image.store.JsonImageStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import dev.berth.storage.SnapshotInfo;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking loaded images into snapshots: chain IDs, parents, diff ID checks, cleanup on failure. */
class SnapshotUnpackTest {
  @TempDir Path root;

  private LocalContentStore content;
  private JsonImageStore store;
  private FakeSnapshotter snapshotter;
  private LocalImageService service;
  private final List<ImageArchive.ArchivedImage> archive = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    Files.createDirectories(root.resolve("snaps"));
    content = LocalContentStore.open(root.resolve("content"));
    store = JsonImageStore.open(root.resolve("images"));
    snapshotter = new FakeSnapshotter(root.resolve("snaps"));
    ImageArchive fake = new ImageArchive() {
      @Override
      public void save(ContentStore c, List<ArchivedImage> images, OutputStream out) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<ArchivedImage> load(InputStream in, ContentStore c, Path scratch) {
        return List.copyOf(archive);
      }
    };
    service = new LocalImageService(store, content, snapshotter, EngineArchive.LAYER_APPLIER, fake, new EventBus(), root.resolve("tmp"));
  }

  /** Writes an image's blobs; {@code diffIds} null means the true ones. Returns its config digest. */
  private Digest image(String tag, List<byte[]> layers, List<Digest> diffIds) {
    List<Descriptor> layerDescriptors = new ArrayList<>();
    List<Digest> trueDiffIds = new ArrayList<>();
    for (byte[] layer : layers) {
      byte[] gz = Tars.gzip(layer);
      layerDescriptors.add(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, content.write(gz).digest(), gz.length));
      trueDiffIds.add(Digest.sha256(layer));
    }
    ImageConfig config = new ImageConfig("2026-01-01T00:00:00Z", null, "amd64", "linux", null, null,
        ImageConfig.RootFs.layers(diffIds == null ? trueDiffIds : diffIds), null, null, null);
    byte[] configBytes = Json.write(config);
    Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, content.write(configBytes).digest(), configBytes.length);
    byte[] manifest = Json.write(Manifest.oci(configDescriptor, layerDescriptors));
    Descriptor manifestDescriptor = Descriptor.of(MediaTypes.OCI_MANIFEST, content.write(manifest).digest(), manifest.length);
    archive.add(new ImageArchive.ArchivedImage(manifestDescriptor, List.of(ImageReference.parse(tag))));
    return configDescriptor.digest();
  }

  private List<SnapshotInfo> snapshots() {
    List<SnapshotInfo> all = new ArrayList<>();
    snapshotter.walk(all::add);
    return all;
  }

  @Test
  void load_threeLayers_commitsOneSnapshotPerChainIdOnItsParent() {
    List<byte[]> layers = List.of(Tars.of(Map.of("a", "1")), Tars.of(Map.of("b", "22")), Tars.of(Map.of("c", "333")));
    Digest id = image("three:layers", layers, null);

    assertThat(service.load(new ByteArrayInputStream(new byte[0]), line -> {})).containsExactly("Loaded image: three:layers");

    List<Digest> chain = ChainIds.of(layers.stream().map(Digest::sha256).toList());
    for (int i = 0; i < 3; i++) {
      SnapshotInfo s = snapshotter.stat(chain.get(i).toString()).orElseThrow();
      assertThat(s.kind()).isEqualTo(SnapshotInfo.Kind.COMMITTED);
      assertThat(s.parent()).isEqualTo(i == 0 ? null : chain.get(i - 1).toString());
    }
    assertThat(snapshots()).hasSize(3);
    assertThat(store.image(id).orElseThrow().layerSizes()).containsExactly((long) layers.get(0).length,
        (long) layers.get(1).length, (long) layers.get(2).length);
  }

  @Test
  void load_sharedBase_reusesTheCommittedSnapshotAndItsSize() {
    byte[] base = Tars.of(Map.of("base", "shared"));
    image("first", List.of(base), null);
    service.load(new ByteArrayInputStream(new byte[0]), line -> {});
    archive.clear();
    Digest second = image("second", List.of(base, Tars.of(Map.of("top", "x"))), null);

    service.load(new ByteArrayInputStream(new byte[0]), line -> {});

    assertThat(snapshots()).hasSize(2);
    assertThat(store.image(second).orElseThrow().layerSizes().getFirst()).isEqualTo(base.length);
  }

  @Test
  void load_diffIdMismatch_failsNamingBothAndLeavesNoSnapshotOrImage() {
    byte[] good = Tars.of(Map.of("a", "1"));
    byte[] liar = Tars.of(Map.of("b", "2"));
    Digest claimed = Digest.sha256("not the layer".getBytes());
    image("bad", List.of(good, liar), List.of(Digest.sha256(good), claimed));

    assertThatThrownBy(() -> service.load(new ByteArrayInputStream(new byte[0]), line -> {}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(claimed.toString())
        .hasMessageContaining(Digest.sha256(liar).toString());

    assertThat(snapshots()).extracting(SnapshotInfo::kind).containsOnly(SnapshotInfo.Kind.COMMITTED);
    assertThat(snapshots()).extracting(SnapshotInfo::name).containsExactly(Digest.sha256(good).toString());
    assertThat(store.images()).isEmpty();
    assertThat(store.tags()).isEmpty();
    service.collectGarbage();
    assertThat(snapshots()).isEmpty();
  }

  @Test
  void load_layerCountDiffersFromDiffIds_isInvalidArgument() {
    byte[] layer = Tars.of(Map.of("a", "1"));
    image("short", List.of(layer), List.of());

    assertThatThrownBy(() -> service.load(new ByteArrayInputStream(new byte[0]), line -> {}))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("1 layers but config has 0 diff_ids");
    assertThat(store.images()).isEmpty();
  }
}
