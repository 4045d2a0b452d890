package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared bookkeeping's failure paths, through a fake driver that can be told to fail (no root needed). */
class DirectorySnapshotterTest {
  @TempDir Path dir;

  /** A driver whose directories hold one marker file; {@code failNext} makes the next populate fail midway. */
  static final class FakeDriver extends DirectorySnapshotter {
    boolean failNext;

    FakeDriver(Path root) {
      super("fake", root);
    }

    @Override
    protected void populate(Path snapshotDir, List<Path> parents) throws IOException {
      Files.writeString(snapshotDir.resolve("marker"), "x");
      if (failNext) {
        failNext = false;
        throw new IOException("disk full (simulated)");
      }
    }

    @Override
    protected List<Mount> mountsOf(Path snapshotDir, SnapshotInfo.Kind kind, List<Path> parents) {
      return List.of(new Mount("bind", snapshotDir.toString(), List.of("rbind", "rw")));
    }
  }

  @Test
  void prepare_populateFails_leavesNothingAndNamesTheKey() throws IOException {
    try (FakeDriver driver = new FakeDriver(dir)) {
      driver.failNext = true;

      assertThatThrownBy(() -> driver.prepare("c1", null))
          .isInstanceOf(SystemException.class).hasMessageContaining("c1").hasMessageContaining("disk full");
      assertThat(driver.stat("c1")).isEmpty();
      assertThat(list(dir.resolve("snapshots"))).isEmpty();
      driver.prepare("c1", null);
      assertThat(driver.stat("c1")).isPresent();
    }
  }

  @Test
  void prepare_indexWriteFails_leavesNothing() throws IOException {
    try (FakeDriver driver = new FakeDriver(dir)) {
      driver.prepare("c1", null);
      Path tmp = Files.createDirectories(dir.resolve("metadata.json.tmp"));
      Files.writeString(tmp.resolve("blocker"), "x");

      assertThatThrownBy(() -> driver.prepare("c2", null)).isInstanceOf(SystemException.class);
      assertThat(driver.stat("c2")).isEmpty();
      assertThat(list(dir.resolve("snapshots"))).hasSize(1);

      Files.delete(tmp.resolve("blocker"));
      Files.delete(tmp);
      driver.prepare("c2", null);
    }
    try (FakeDriver again = new FakeDriver(dir)) {
      List<String> keys = new ArrayList<>();
      again.walk(i -> keys.add(i.name()));
      assertThat(keys).containsExactly("c1", "c2");
    }
  }

  @Test
  void remove_forgetsThenDeletes_andIdsAreNeverReused() throws IOException {
    try (FakeDriver driver = new FakeDriver(dir)) {
      String first = driver.prepare("c1", null).getFirst().source();
      driver.remove("c1");
      String second = driver.prepare("c1", null).getFirst().source();

      assertThat(Path.of(first)).doesNotExist();
      assertThat(second).isNotEqualTo(first);
    }
  }

  private static List<String> list(Path d) throws IOException {
    try (var s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }
}
