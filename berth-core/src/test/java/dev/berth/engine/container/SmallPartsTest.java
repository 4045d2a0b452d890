package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.ContainerService.WaitCondition;
import dev.berth.engine.ContainerService.WaitResult;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import dev.berth.runtime.container.ContainerId;
import dev.berth.runtime.container.LogConfig;
import dev.berth.runtime.container.ResourceConfig;
import dev.berth.runtime.spec.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The engine's small pure parts: start failure codes, log options, prune times, live update arguments, waiters. */
class SmallPartsTest {
  @Test
  void startFailure_runcMessages_mapToDockersExitCodes() {
    String notFound = "create container x: runc create failed: unable to start container process: exec: \"nope\": "
        + "executable file not found in $PATH";
    StartFailure f = StartFailure.of("web", new SystemException(notFound));
    assertThat(f.exitCode()).isEqualTo(127);
    assertThat(f.message()).startsWith("failed to start container web: OCI runtime create failed: ").contains("executable file not found");
    assertThat(f.toException(new SystemException(notFound))).isInstanceOf(InvalidArgumentException.class);

    assertThat(StartFailure.exitCode("exec: \"/etc\": permission denied")).isEqualTo(126);
    assertThat(StartFailure.exitCode("mount failed: device busy")).isEqualTo(128);
    assertThat(StartFailure.of("web", new SystemException("boom")).toException(new SystemException("boom")))
        .isInstanceOf(SystemException.class);
  }

  @Test
  void logOptions_sizesAndFiles() {
    LogOptions one = LogOptions.of(new LogConfig("json-file", Map.of("max-size", "10m")));
    assertThat(one.maxSize()).isEqualTo(10L * 1024 * 1024);
    assertThat(one.monitorSizeMax()).isEqualTo(10L * 1024 * 1024);
    assertThat(one.rotates()).isFalse();

    LogOptions three = LogOptions.of(new LogConfig("json-file", Map.of("max-size", "1k", "max-file", "3")));
    assertThat(three.monitorSizeMax()).isZero();
    assertThat(three.rotates()).isTrue();
    assertThat(LogOptions.of(LogConfig.DEFAULT)).isEqualTo(LogOptions.NONE);
  }

  @Test
  void logOptions_badValues_invalidArgument() {
    assertThatThrownBy(() -> LogOptions.of(new LogConfig("json-file", Map.of("max-size", "10x"))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("max-size='10x'");
    assertThatThrownBy(() -> LogOptions.of(new LogConfig("json-file", Map.of("max-file", "3"))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("needs max-size");
    assertThatThrownBy(() -> LogOptions.of(new LogConfig("syslog", Map.of())))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("syslog");
    assertThatThrownBy(() -> LogOptions.of(new LogConfig("json-file", Map.of("colour", "red"))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("colour");
  }

  @Test
  void pruneUntil_timestampDurationOrRfc3339() {
    Instant now = Instant.parse("2026-11-28T08:00:00Z");
    assertThat(PruneFilter.until("1700000000", now)).isEqualTo(Instant.ofEpochSecond(1700000000));
    assertThat(PruneFilter.until("1h30m", now)).isEqualTo(now.minusSeconds(5400));
    assertThat(PruneFilter.until("2026-11-27T00:00:00Z", now)).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    assertThatThrownBy(() -> PruneFilter.until("yesterday", now)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void liveUpdate_resources_onlyTheLimitsThatAreSet() {
    Resources r = LiveUpdate.resources(new ResourceConfig(64L << 20, 0, 1_500_000_000L, 0, 100, null));
    assertThat(r.memory().limit()).isEqualTo(64L << 20);
    assertThat(r.cpu().quota()).isEqualTo(150_000L);
    assertThat(r.cpu().period()).isEqualTo(100_000L);
    assertThat(r.pids().limit()).isEqualTo(100);
    assertThat(r.devices()).isEmpty();
    Resources none = LiveUpdate.resources(ResourceConfig.UNLIMITED);
    assertThat(none.memory()).isNull();
    assertThat(none.cpu()).isNull();
    assertThat(none.pids()).isNull();
  }

  @Test
  void waiters_nextExitAndNotRunningAndRemoved() throws Exception {
    Waiters w = new Waiters();
    ContainerId id = ContainerId.random();
    CompletableFuture<WaitResult> next = w.register(id, WaitCondition.NEXT_EXIT);
    CompletableFuture<WaitResult> notRunning = w.register(id, WaitCondition.NOT_RUNNING);
    CompletableFuture<WaitResult> removed = w.register(id, WaitCondition.REMOVED);

    w.exited(id, 1, true, null);
    assertThat(next.getNow(null)).isEqualTo(new WaitResult(1, null));
    assertThat(notRunning).isNotDone();

    w.exited(id, 2, false, null);
    assertThat(notRunning.getNow(null)).isEqualTo(new WaitResult(2, null));
    assertThat(removed).isNotDone();

    w.removed(id, 2);
    assertThat(removed.getNow(null).statusCode()).isEqualTo(2);
    assertThat(List.of(next, notRunning, removed)).allMatch(CompletableFuture::isDone);
  }
}
