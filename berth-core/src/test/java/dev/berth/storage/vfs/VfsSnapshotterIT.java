package dev.berth.storage.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.Mount;
import dev.berth.storage.Snapshotter;
import dev.berth.storage.SnapshotterConformance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The conformance suite on vfs, where a layer's deletions are real deletions in its full copy. */
class VfsSnapshotterIT extends SnapshotterConformance {
  @Override
  protected Snapshotter open(Path root) {
    return new VfsSnapshotter(root);
  }

  @Override
  protected void whiteout(Path layer, String relPath) throws IOException {
    dev.berth.storage.TreesAccess.delete(layer.resolve(relPath));
  }

  @Override
  protected void opaque(Path layer, String relDir) throws IOException {
    try (Stream<Path> children = Files.list(layer.resolve(relDir))) {
      for (Path child : children.toList()) dev.berth.storage.TreesAccess.delete(child);
    }
  }

  @Test
  void prepareAndView_always_returnOneBindOfTheirOwnCopy() throws IOException {
    layer("l1", null, Map.of("f", "1"));

    List<Mount> active = snapshotter.prepare("c", "l1");
    List<Mount> view = snapshotter.view("v", "l1");

    assertThat(active).singleElement().satisfies(m -> assertThat(m.options()).containsExactly("rbind", "rw"));
    assertThat(view).singleElement().satisfies(m -> assertThat(m.options()).containsExactly("rbind", "ro"));
    assertThat(active.getFirst().source()).isNotEqualTo(view.getFirst().source());
    assertThat(Path.of(active.getFirst().source()).resolve("f")).hasContent("1");
  }
}
