package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.ConflictException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared bookkeeping's failure paths, through a fake driver that can be told to fail (no root needed). */
class DirectorySnapshotterTest {
  @TempDir Path dir;

  /** A driver whose directories hold one marker file; {@code failNext} makes the next populate fail midway. */
  static final class FakeDriver extends DirectorySnapshotter {
    volatile boolean failNext;
    volatile CountDownLatch entered;
    volatile CountDownLatch release;

    FakeDriver(Path root) {
      super("fake", root);
    }

    @Override
    protected void populate(Path snapshotDir, List<Path> parents) throws IOException {
      Files.writeString(snapshotDir.resolve("marker"), "x");
      if (release != null) {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
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
      // a non-empty directory where the index is makes its replacement fail
      Path index = dir.resolve("metadata.json");
      byte[] saved = Files.readAllBytes(index);
      Files.delete(index);
      Files.createDirectories(index);
      Files.writeString(index.resolve("blocker"), "x");

      assertThatThrownBy(() -> driver.prepare("c2", null)).isInstanceOf(SystemException.class);
      assertThat(driver.stat("c2")).isEmpty();
      assertThat(list(dir.resolve("snapshots"))).hasSize(1);

      Files.delete(index.resolve("blocker"));
      Files.delete(index);
      Files.write(index, saved);
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

  @Test
  void remove_directoryGoesToTheTrash_closeWaitsUntilItIsDeleted() throws IOException {
    FakeDriver driver = new FakeDriver(dir);
    String first = driver.prepare("c1", null).getFirst().source();
    Files.createDirectories(Path.of(first, "a/b/c"));
    Files.writeString(Path.of(first, "a/b/c/file"), "data");
    driver.remove("c1");
    assertThat(Path.of(first)).doesNotExist();
    assertThat(driver.stat("c1")).isEmpty();
    driver.close();
    try (var left = Files.list(dir.resolve("trash"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void open_trashLeftByACrash_isEmptied() throws IOException {
    new FakeDriver(dir).close();
    Path cut = Files.createDirectories(dir.resolve("trash/7-123/upper/deep"));
    Files.writeString(cut.resolve("file"), "left by a crash mid-delete");
    try (FakeDriver reopened = new FakeDriver(dir)) {
      try (var left = Files.list(dir.resolve("trash"))) {
        assertThat(left).isEmpty();
      }
    }
  }

  @Test
  void prepare_inFlight_takesItsKeyAndHoldsItsParentWithoutBlockingReaders() throws Exception {
    try (FakeDriver driver = new FakeDriver(dir)) {
      driver.prepare("base-key", null);
      driver.commit("base", "base-key");
      driver.entered = new CountDownLatch(1);
      driver.release = new CountDownLatch(1);
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<List<Mount>> slow = pool.submit(() -> driver.prepare("c1", "base"));
        assertThat(driver.entered.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(driver.stat("c1")).isEmpty();
        assertThat(driver.stat("base")).isPresent();
        assertThatThrownBy(() -> driver.prepare("c1", null)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> driver.remove("base"))
            .isInstanceOf(ConflictException.class).hasMessageContaining("c1");

        driver.release.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS)).hasSize(1);
      }
      assertThat(driver.stat("c1").orElseThrow().parent()).isEqualTo("base");
    }
  }

  private static List<String> list(Path d) throws IOException {
    try (var s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }
}
