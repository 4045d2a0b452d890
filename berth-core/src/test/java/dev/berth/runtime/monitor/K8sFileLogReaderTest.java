package dev.berth.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K8sFileLogReaderTest {
  @TempDir Path dir;

  private static String entry(int second, String stream, String text) {
    return "2026-11-28T06:00:%02d.000000001+00:00 %s F %s\n".formatted(second, stream, text);
  }

  private Path log(String... entries) throws IOException {
    Path log = dir.resolve("ctr.log");
    Files.writeString(log, String.join("", entries));
    return log;
  }

  private static List<String> texts(List<LogRecord> records) {
    return records.stream().map(LogRecord::text).toList();
  }

  @Test
  void read_allEntries_inFileOrderWithStreams() throws IOException {
    Path log = log(entry(1, "stdout", "a"), entry(2, "stderr", "b"), entry(3, "stdout", "c"));
    List<LogRecord> all = new K8sFileLogReader(log).read(LogQuery.ALL);
    assertThat(texts(all)).containsExactly("a", "b", "c");
    assertThat(all).extracting(LogRecord::stream).containsExactly(LogStream.STDOUT, LogStream.STDERR, LogStream.STDOUT);
  }

  @Test
  void read_tail2_returnsTheLastTwoMatching() throws IOException {
    Path log = log(entry(1, "stdout", "a"), entry(2, "stdout", "b"), entry(3, "stderr", "x"), entry(4, "stdout", "c"));
    LogQuery q = LogQuery.ALL.withTail(2).withStreams(Set.of(LogStream.STDOUT));
    assertThat(texts(new K8sFileLogReader(log).read(q))).containsExactly("b", "c");
  }

  @Test
  void read_tail0_returnsNothing() throws IOException {
    Path log = log(entry(1, "stdout", "a"));
    assertThat(new K8sFileLogReader(log).read(LogQuery.ALL.withTail(0))).isEmpty();
  }

  @Test
  void read_sinceAndUntil_areInclusiveBounds() throws IOException {
    Path log = log(entry(1, "stdout", "a"), entry(2, "stdout", "b"), entry(3, "stdout", "c"), entry(4, "stdout", "d"));
    LogQuery q = LogQuery.ALL.withSince(Instant.parse("2026-11-28T06:00:02.000000001Z"))
        .withUntil(Instant.parse("2026-11-28T06:00:03.000000001Z"));
    assertThat(texts(new K8sFileLogReader(log).read(q))).containsExactly("b", "c");
  }

  @Test
  void read_stderrOnly_dropsStdout() throws IOException {
    Path log = log(entry(1, "stdout", "a"), entry(2, "stderr", "b"));
    assertThat(texts(new K8sFileLogReader(log).read(LogQuery.ALL.withStreams(Set.of(LogStream.STDERR)))))
        .containsExactly("b");
  }

  @Test
  void read_rotatedGenerations_oldestFirstThenLive() throws IOException {
    Path log = log(entry(5, "stdout", "live"));
    Files.writeString(dir.resolve("ctr.log.1"), entry(3, "stdout", "gen1"));
    Files.writeString(dir.resolve("ctr.log.2"), entry(1, "stdout", "gen2"));
    assertThat(texts(new K8sFileLogReader(log).read(LogQuery.ALL))).containsExactly("gen2", "gen1", "live");
  }

  @Test
  void read_missingLog_isEmpty() {
    assertThat(new K8sFileLogReader(dir.resolve("none.log")).read(LogQuery.ALL)).isEmpty();
  }

  @Test
  void read_unfinishedLastLine_isNotReturnedYet() throws IOException {
    Path log = log(entry(1, "stdout", "a"), "2026-11-28T06:00:02Z stdout F hal");
    assertThat(texts(new K8sFileLogReader(log).read(LogQuery.ALL))).containsExactly("a");
  }

  @Test
  void read_malformedLine_failsNamingTheFile() throws IOException {
    Path log = log(entry(1, "stdout", "a"), "not a log line\n");
    assertThatThrownBy(() -> new K8sFileLogReader(log).read(LogQuery.ALL))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("read log").hasMessageContaining(log.toString());
  }

  @Test
  void stream_follow_deliversAppendedEntriesAndEndsWhenTheContainerStops() throws Exception {
    Path log = log(entry(1, "stdout", "a"));
    AtomicBoolean running = new AtomicBoolean(true);
    List<String> got = new CopyOnWriteArrayList<>();
    Thread follower = Thread.ofVirtual().start(() -> followInto(log, LogQuery.ALL.withFollow(true), running, got));
    awaitSize(got, 1);
    Files.writeString(log, "2026-11-28T06:00:02Z stderr F b", StandardOpenOption.APPEND);
    Thread.sleep(100);
    assertThat(got).containsExactly("a");
    Files.writeString(log, "c\n" + entry(3, "stdout", "d"), StandardOpenOption.APPEND);
    awaitSize(got, 3);
    running.set(false);
    follower.join(Duration.ofSeconds(5));
    assertThat(follower.isAlive()).isFalse();
    assertThat(got).containsExactly("a", "bc", "d");
  }

  @Test
  void stream_followWhenConmonReplacesTheFile_continuesInTheNewOne() throws Exception {
    Path log = log(entry(1, "stdout", "a"));
    AtomicBoolean running = new AtomicBoolean(true);
    List<String> got = new CopyOnWriteArrayList<>();
    Thread follower = Thread.ofVirtual().start(() -> followInto(log, LogQuery.ALL.withFollow(true), running, got));
    awaitSize(got, 1);
    Path fresh = dir.resolve("ctr.log.tmp");
    Files.writeString(fresh, entry(2, "stdout", "after-truncation"));
    Files.move(fresh, log, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    awaitSize(got, 2);
    running.set(false);
    follower.join(Duration.ofSeconds(5));
    assertThat(got).containsExactly("a", "after-truncation");
  }

  @Test
  void stream_followWithTail1_startsFromTheLastEntry() throws Exception {
    Path log = log(entry(1, "stdout", "a"), entry(2, "stdout", "b"));
    AtomicBoolean running = new AtomicBoolean(false);
    List<String> got = new CopyOnWriteArrayList<>();
    followInto(log, LogQuery.ALL.withFollow(true).withTail(1), running, got);
    assertThat(got).containsExactly("b");
  }

  @Test
  void stream_followPastUntil_stopsWithoutWaiting() throws Exception {
    Path log = log(entry(1, "stdout", "a"), entry(9, "stdout", "late"));
    AtomicBoolean running = new AtomicBoolean(true);
    List<String> got = new CopyOnWriteArrayList<>();
    followInto(log, LogQuery.ALL.withFollow(true).withUntil(Instant.parse("2026-11-28T06:00:05Z")), running, got);
    assertThat(got).containsExactly("a");
  }

  @Test
  void stream_sinkDeclines_stopsReading() throws Exception {
    Path log = log(entry(1, "stdout", "a"), entry(2, "stdout", "b"));
    List<String> got = new CopyOnWriteArrayList<>();
    new K8sFileLogReader(log).stream(LogQuery.ALL.withFollow(true), () -> true, r -> {
      got.add(r.text());
      return false;
    });
    assertThat(got).containsExactly("a");
  }

  private static void followInto(Path log, LogQuery q, AtomicBoolean running, List<String> got) {
    try {
      new K8sFileLogReader(log, Duration.ofMillis(10)).stream(q, running::get, r -> got.add(r.text()));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitSize(List<String> got, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (got.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(got).hasSizeGreaterThanOrEqualTo(n);
  }
}
