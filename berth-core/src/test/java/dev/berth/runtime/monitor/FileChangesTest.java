package dev.berth.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.sys.DirectoryWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChangesTest {
  @TempDir Path dir;

  @Test
  void await_aFileWrittenMeanwhile_returnsLongBeforeTheLimit() throws Exception {
    try (DirectoryWatcher w = DirectoryWatcher.start("test-file-changes");
        FileChanges changes = FileChanges.in(dir, Optional.of(w))) {
      assertThat(changes.watching()).isTrue();
      Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(50);
          Files.writeString(dir.resolve("pid"), "4242");
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      long start = System.nanoTime();
      changes.await(Duration.ofSeconds(10));
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
      // woken by the file's creation, perhaps before its bytes are written: the launcher reads again until they are
      assertThat(dir.resolve("pid")).exists();
    }
  }

  @Test
  void await_aChangeBeforeTheCall_returnsAtOnce() throws Exception {
    try (DirectoryWatcher w = DirectoryWatcher.start("test-file-changes");
        FileChanges changes = FileChanges.in(dir, Optional.of(w))) {
      Files.writeString(dir.resolve("pid"), "1");
      Thread.sleep(100); // the event has been read by now
      long start = System.nanoTime();
      changes.await(Duration.ofSeconds(10));
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
    }
  }

  @Test
  void await_noChange_returnsAfterTheLimit() throws Exception {
    try (DirectoryWatcher w = DirectoryWatcher.start("test-file-changes");
        FileChanges changes = FileChanges.in(dir, Optional.of(w))) {
      long start = System.nanoTime();
      changes.await(Duration.ofMillis(200));
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(190L, 5000L);
    }
  }

  @Test
  void await_withoutInotify_pollsAtTheFallbackInterval() throws Exception {
    try (FileChanges changes = FileChanges.in(dir, Optional.empty())) {
      assertThat(changes.watching()).isFalse();
      long start = System.nanoTime();
      changes.await(Duration.ofSeconds(10));
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
    }
  }

  @Test
  void in_aMissingDirectory_fallsBackToPolling() throws Exception {
    try (DirectoryWatcher w = DirectoryWatcher.start("test-file-changes");
        FileChanges changes = FileChanges.in(dir.resolve("missing"), Optional.of(w))) {
      assertThat(changes.watching()).isFalse();
    }
  }
}
