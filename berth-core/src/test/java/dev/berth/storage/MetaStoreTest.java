package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaStoreTest {
  @TempDir Path dir;

  @Test
  void open_afterChanges_readsTheSameIndex() throws IOException {
    Path file = dir.resolve("metadata.json");
    MetaStore store = MetaStore.open(file, "vfs");
    store.add(SnapshotRecord.create(store.reserveId(), "base-key", null, SnapshotInfo.Kind.ACTIVE));
    store.replace("base-key", store.get("base-key").orElseThrow().committedAs("base"));
    store.add(SnapshotRecord.create(store.reserveId(), "c1", "base", SnapshotInfo.Kind.ACTIVE));
    store.add(SnapshotRecord.create(store.reserveId(), "c2", "base", SnapshotInfo.Kind.VIEW));
    store.remove("c2");

    MetaStore again = MetaStore.open(file, "vfs");

    assertThat(again.all()).extracting(SnapshotRecord::key).containsExactly("base", "c1");
    assertThat(again.get("base").orElseThrow().kind()).isEqualTo(SnapshotInfo.Kind.COMMITTED);
    assertThat(again.get("c1").orElseThrow().id()).isEqualTo(2);
    assertThat(again.children("base")).extracting(SnapshotRecord::key).containsExactly("c1");
    assertThat(again.peekId()).isEqualTo(4);
    assertThat(again.reserveId()).isEqualTo(4);
    assertThat(dir.resolve("metadata.json.tmp")).doesNotExist();
  }

  @Test
  void open_indexOfAnotherDriver_throwsNamingBoth() throws IOException {
    Path file = dir.resolve("metadata.json");
    MetaStore store = MetaStore.open(file, "overlay");
    store.add(SnapshotRecord.create(store.reserveId(), "k", null, SnapshotInfo.Kind.ACTIVE));

    assertThatThrownBy(() -> MetaStore.open(file, "vfs"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlay").hasMessageContaining("vfs");
  }

  @Test
  void open_malformedIndex_throwsNamingTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("metadata.json"), "{\"version\":1,\"snapshots\":[{");

    assertThatThrownBy(() -> MetaStore.open(file, "vfs"))
        .isInstanceOf(IOException.class).hasMessageContaining(file.toString());
  }

  @Test
  void add_unreservedId_isRefusedAndChangesNothing() throws IOException {
    MetaStore store = MetaStore.open(dir.resolve("metadata.json"), "vfs");

    assertThatThrownBy(() -> store.add(SnapshotRecord.create(5, "k", null, SnapshotInfo.Kind.ACTIVE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.all()).isEmpty();
    assertThat(dir.resolve("metadata.json")).doesNotExist();
  }
}
