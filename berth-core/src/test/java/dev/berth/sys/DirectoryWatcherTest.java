package dev.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWatcherTest {
  @TempDir Path dir;

  @Test
  void watch_fileCreatedInTheDirectory_listenerGetsItsName() throws Exception {
    try (DirectoryWatcher w = DirectoryWatcher.start("test-inotify")) {
      LinkedBlockingQueue<String> names = new LinkedBlockingQueue<>();
      w.watch(dir, Inotify.IN_MOVED_TO | Inotify.IN_CREATE, e -> names.add(e.name()));
      Files.createFile(dir.resolve("abc"));
      assertThat(names.poll(5, TimeUnit.SECONDS)).isEqualTo("abc");
    }
  }

  @Test
  void watch_twoDirectories_eachListenerGetsOnlyItsOwn() throws Exception {
    Path a = Files.createDirectory(dir.resolve("a"));
    Path b = Files.createDirectory(dir.resolve("b"));
    try (DirectoryWatcher w = DirectoryWatcher.start("test-inotify")) {
      LinkedBlockingQueue<String> ofA = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<String> ofB = new LinkedBlockingQueue<>();
      w.watch(a, Inotify.IN_CREATE, e -> ofA.add(e.name()));
      w.watch(b, Inotify.IN_CREATE, e -> ofB.add(e.name()));
      Files.createFile(b.resolve("for-b"));
      Files.createFile(a.resolve("for-a"));
      assertThat(ofA.poll(5, TimeUnit.SECONDS)).isEqualTo("for-a");
      assertThat(ofB.poll(5, TimeUnit.SECONDS)).isEqualTo("for-b");
      assertThat(ofA).isEmpty();
      assertThat(ofB).isEmpty();
    }
  }

  @Test
  void subscriptionClosed_laterChanges_areNotDeliveredButOtherListenersStillAre() throws Exception {
    try (DirectoryWatcher w = DirectoryWatcher.start("test-inotify")) {
      List<String> closedOnes = new CopyOnWriteArrayList<>();
      LinkedBlockingQueue<String> kept = new LinkedBlockingQueue<>();
      DirectoryWatcher.Subscription s = w.watch(dir, Inotify.IN_CREATE, e -> closedOnes.add(e.name()));
      w.watch(dir, Inotify.IN_CREATE, e -> kept.add(e.name()));
      s.close();
      Files.createFile(dir.resolve("after"));
      assertThat(kept.poll(5, TimeUnit.SECONDS)).isEqualTo("after");
      assertThat(closedOnes).isEmpty();
    }
  }

  @Test
  void close_stopsTheReadingThread() throws Exception {
    DirectoryWatcher w = DirectoryWatcher.start("test-inotify-close");
    assertThat(threadNamed("test-inotify-close")).isTrue();
    w.close();
    assertThat(threadNamed("test-inotify-close")).isFalse();
  }

  private static boolean threadNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }
}
