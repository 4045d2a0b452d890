package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshottersTest {
  @TempDir Path dir;

  @Test
  void open_knownNames_returnsThatDriver() {
    for (String name : Snapshotters.NAMES) {
      try (Snapshotter s = Snapshotters.open(name, dir.resolve(name))) {
        assertThat(s.name()).isEqualTo(name);
      }
    }
  }

  @Test
  void open_unknownName_throwsListingValidNames() {
    assertThatThrownBy(() -> Snapshotters.open("zfs", dir))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("zfs").hasMessageContaining("overlay, vfs");
    assertThatThrownBy(() -> Snapshotters.open(null, dir)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void open_rootOfAnotherDriver_throwsInvalidArgument() {
    try (Snapshotter vfs = Snapshotters.open("vfs", dir)) {
      vfs.prepare("k", null);
    }

    assertThatThrownBy(() -> Snapshotters.open("overlay", dir))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("holds vfs snapshots");
    try (Snapshotter vfs = Snapshotters.open("vfs", dir)) {
      assertThat(vfs.stat("k")).isPresent();
    }
  }
}
