package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.image.content.LocalContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import dev.berth.storage.SnapshotInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull's layer-by-layer unpack: in order, and when the pull is given up, its own snapshots are taken back, but
 * never one that another unpack in flight or an earlier image relies on.
 */
class ChainUnpackTest {
  @TempDir Path root;

  private LocalContentStore content;
  private FakeSnapshotter snapshotter;
  private SnapshotUnpacker unpacker;
  private final byte[] base = Tars.of(Map.of("base", "shared"));
  private final byte[] top = Tars.of(Map.of("top", "mine"));
  private final byte[] other = Tars.of(Map.of("other", "theirs"));

  @BeforeEach
  void open() throws Exception {
    content = LocalContentStore.open(root.resolve("content"));
    snapshotter = new FakeSnapshotter(Files.createDirectories(root.resolve("snaps")));
    unpacker = new SnapshotUnpacker(content, snapshotter, EngineArchive.LAYER_APPLIER, chain -> -1L);
  }

  @Test
  void abandon_afterTwoLayers_removesBothSnapshotsItCommitted() {
    ChainUnpack unpack = begin(base, top);
    unpack.next(0);
    unpack.next(1);
    assertThat(snapshots()).hasSize(2);

    unpack.abandon();

    assertThat(snapshots()).isEmpty();
  }

  @Test
  void abandon_baseAnotherUnpackHolds_keepsTheBaseAndTheOtherFinishes() {
    ChainUnpack failing = begin(base, top);
    failing.next(0);
    ChainUnpack going = begin(base, other);
    going.next(0);

    failing.next(1);
    failing.abandon();
    going.next(1);
    going.close();

    List<Digest> kept = ChainIds.of(List.of(Digest.sha256(base), Digest.sha256(other)));
    assertThat(snapshots()).containsExactlyInAnyOrder(kept.get(0).toString(), kept.get(1).toString());
  }

  @Test
  void abandon_baseAnEarlierImageMade_keepsItAndRemovesOnlyItsOwn() {
    try (ChainUnpack earlier = begin(base)) {
      earlier.next(0);
    }
    ChainUnpack unpack = begin(base, top);
    unpack.next(0);
    unpack.next(1);

    unpack.abandon();

    assertThat(snapshots()).containsExactly(Digest.sha256(base).toString());
  }

  @Test
  void close_afterAllLayers_keepsTheSnapshotsAndReportsEachSize() {
    try (ChainUnpack unpack = begin(base, top)) {
      unpack.next(0);
      unpack.next(1);

      assertThat(unpack.sizes()).containsExactly((long) base.length, (long) top.length);
    }
    assertThat(snapshots()).hasSize(2);
  }

  @Test
  void next_layerOutOfOrder_isRefusedBeforeAnySnapshot() {
    ChainUnpack unpack = begin(base, top);

    assertThatThrownBy(() -> unpack.next(1)).isInstanceOf(IllegalStateException.class)
        .hasMessage("unpacking layer 1 of 2 before layer 0");
    assertThatThrownBy(unpack::sizes).isInstanceOf(IllegalStateException.class);
    assertThat(snapshots()).isEmpty();
  }

  private ChainUnpack begin(byte[]... tars) {
    List<Descriptor> layers = new ArrayList<>();
    List<Digest> diffIds = new ArrayList<>();
    for (byte[] tar : tars) {
      layers.add(Descriptor.of(MediaTypes.OCI_LAYER, content.write(tar).digest(), tar.length));
      diffIds.add(Digest.sha256(tar));
    }
    ImageConfig config = new ImageConfig(null, null, "amd64", "linux", null, null, ImageConfig.RootFs.layers(diffIds),
        null, null, null);
    Descriptor configBlob = Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(new byte[] {1}), 1);
    return unpacker.begin(Manifest.oci(configBlob, layers), config);
  }

  private List<String> snapshots() {
    List<String> names = new ArrayList<>();
    snapshotter.walk(s -> names.add(s.name()));
    assertThat(names).allSatisfy(n -> assertThat(snapshotter.stat(n).orElseThrow().kind()).isEqualTo(SnapshotInfo.Kind.COMMITTED));
    return names;
  }
}
