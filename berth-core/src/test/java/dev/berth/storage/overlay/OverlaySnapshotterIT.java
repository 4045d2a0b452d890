package dev.berth.storage.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.Mount;
import dev.berth.storage.Snapshotter;
import dev.berth.storage.SnapshotterConformance;
import dev.berth.sys.Libc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conformance suite on overlayfs, plus the mount shapes the layer applier relies on. */
class OverlaySnapshotterIT extends SnapshotterConformance {
  @Override
  protected Snapshotter open(Path root) {
    return new OverlaySnapshotter(root);
  }

  /** Overlay's whiteout: a character device 0:0 in the upper layer. */
  @Override
  protected void whiteout(Path layer, String relPath) throws IOException {
    Libc.mknod(layer.resolve(relPath), Libc.S_IFCHR, 0, 0);
  }

  /** Overlay's opaque directory: the directory in the upper layer with trusted.overlay.opaque=y. */
  @Override
  protected void opaque(Path layer, String relDir) throws IOException {
    Path dir = Files.createDirectories(layer.resolve(relDir));
    Libc.lsetxattr(dir, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void prepare_shapes_matchTheDocumentedMounts() throws IOException {
    List<Mount> base = snapshotter.prepare("b", null);
    assertThat(base).singleElement().satisfies(m -> {
      assertThat(m.type()).isEqualTo("bind");
      assertThat(m.options()).containsExactly("rbind", "rw");
    });
    snapshotter.commit("l1", "b");
    layer("l2", "l1", Map.of());

    List<Mount> active = snapshotter.prepare("c", "l2");
    List<Mount> single = snapshotter.view("v1", "l1");
    List<Mount> multi = snapshotter.view("v2", "l2");

    List<String> lowers = lowers(active.getFirst());
    assertThat(active).singleElement().satisfies(m -> {
      assertThat(m.type()).isEqualTo("overlay");
      assertThat(m.options().get(0)).startsWith("upperdir=");
      assertThat(m.options().get(1)).startsWith("workdir=");
    });
    assertThat(lowers).hasSize(2).endsWith(base.getFirst().source());
    assertThat(single).singleElement().isEqualTo(new Mount("bind", base.getFirst().source(), List.of("rbind", "ro")));
    assertThat(multi).singleElement().satisfies(m -> {
      assertThat(m.type()).isEqualTo("overlay");
      assertThat(m.options()).noneMatch(o -> o.startsWith("upperdir=") || o.startsWith("workdir="));
      assertThat(lowers(m)).isEqualTo(lowers);
    });
  }

  private static List<String> lowers(Mount m) {
    return m.options().stream().filter(o -> o.startsWith("lowerdir+=")).map(o -> o.substring(10)).toList();
  }
}
