package dev.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InotifyTest {
  private static final int ALL = Inotify.IN_CREATE | Inotify.IN_MODIFY | Inotify.IN_CLOSE_WRITE | Inotify.IN_MOVED_TO;

  @TempDir Path dir;

  @Test
  void read_aFileCreated_reportsItsNameWithCreate() throws Exception {
    try (Inotify in = Inotify.open()) {
      int wd = in.addWatch(dir, ALL);
      Files.createFile(dir.resolve("pid"));
      List<Inotify.Event> events = readUntil(in, e -> "pid".equals(e.name()) && (e.mask() & Inotify.IN_CREATE) != 0);
      assertThat(events).anySatisfy(e -> {
        assertThat(e.wd()).isEqualTo(wd);
        assertThat(e.name()).isEqualTo("pid");
        assertThat(e.mask() & Inotify.IN_CREATE).isNotZero();
      });
    }
  }

  @Test
  void read_aFileWritten_reportsModifyThenCloseWrite() throws Exception {
    Files.writeString(dir.resolve("exit"), "");
    try (Inotify in = Inotify.open()) {
      in.addWatch(dir, ALL);
      Files.writeString(dir.resolve("exit"), "137");
      List<Inotify.Event> events = readUntil(in, e -> (e.mask() & Inotify.IN_CLOSE_WRITE) != 0);
      assertThat(events).extracting(Inotify.Event::name).containsOnly("exit");
      assertThat(events.getFirst().mask() & Inotify.IN_MODIFY).isNotZero();
      assertThat(events.getLast().mask() & Inotify.IN_CLOSE_WRITE).isNotZero();
    }
  }

  @Test
  void read_aFileRenamedIn_reportsMovedToWithTheNewName() throws Exception {
    Path tmp = Files.writeString(dir.resolve(".pid.tmp"), "4242");
    try (Inotify in = Inotify.open()) {
      in.addWatch(dir, Inotify.IN_MOVED_TO);
      Files.move(tmp, dir.resolve("pid"), StandardCopyOption.ATOMIC_MOVE);
      List<Inotify.Event> events = in.read(Duration.ofSeconds(5));
      assertThat(events).singleElement().satisfies(e -> {
        assertThat(e.name()).isEqualTo("pid");
        assertThat(e.mask() & Inotify.IN_MOVED_TO).isNotZero();
      });
    }
  }

  @Test
  void read_nothingHappens_returnsEmptyAfterTheTimeout() throws Exception {
    try (Inotify in = Inotify.open()) {
      in.addWatch(dir, ALL);
      long start = System.nanoTime();
      List<Inotify.Event> events = in.read(Duration.ofMillis(150));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(events).isEmpty();
      assertThat(ms).isBetween(140L, 2000L);
    }
  }

  @Test
  void read_eventsOfAnotherDirectoryOnly_areNotReportedForThisWatch() throws Exception {
    Path other = Files.createDirectory(dir.resolve("other"));
    Path watched = Files.createDirectory(dir.resolve("watched"));
    try (Inotify in = Inotify.open()) {
      int wd = in.addWatch(watched, ALL);
      Files.createFile(other.resolve("noise"));
      Files.createFile(watched.resolve("signal"));
      List<Inotify.Event> events = readUntil(in, e -> "signal".equals(e.name()));
      assertThat(events).allSatisfy(e -> assertThat(e.wd()).isEqualTo(wd)).extracting(Inotify.Event::name)
          .doesNotContain("noise");
    }
  }

  @Test
  void close_whileAnotherThreadReads_wakesItWithClosedChannel() throws Exception {
    Inotify in = Inotify.open();
    in.addWatch(dir, ALL);
    CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
      try {
        in.read(null);
        return null;
      } catch (Exception e) {
        return e;
      }
    }, r -> Thread.ofPlatform().start(r));
    Thread.sleep(100);
    assertThat(reader).isNotDone();
    in.close();
    assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(() -> in.read(Duration.ZERO)).isInstanceOf(ClosedChannelException.class);
  }

  @Test
  void addWatch_aMissingDirectory_failsNamingIt() throws Exception {
    try (Inotify in = Inotify.open()) {
      Path missing = dir.resolve("missing");
      assertThatThrownBy(() -> in.addWatch(missing, ALL))
          .isInstanceOf(Libc.ErrnoException.class)
          .hasMessageContaining("inotify_add_watch " + missing)
          .hasMessageContaining("No such file or directory");
    }
  }

  @Test
  void read_watchedDirectoryDeleted_reportsTheWatchGone() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    try (Inotify in = Inotify.open()) {
      int wd = in.addWatch(sub, ALL);
      Files.delete(sub);
      List<Inotify.Event> events = readUntil(in, Inotify.Event::watchGone);
      assertThat(events.getLast().wd()).isEqualTo(wd);
    }
  }

  /** Reads until an event matches (at most 5 s), returning every event read. */
  private static List<Inotify.Event> readUntil(Inotify in, java.util.function.Predicate<Inotify.Event> done)
      throws Exception {
    List<Inotify.Event> all = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      for (Inotify.Event e : in.read(Duration.ofMillis(500))) {
        all.add(e);
        if (done.test(e)) {
          return all;
        }
      }
    }
    throw new AssertionError("no matching event within 5 s; saw " + all);
  }
}
