package dev.berth.engine.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.ContainerView.Health;
import dev.berth.engine.ContainerView.Probe;
import dev.berth.engine.ExecService.ExecResult;
import dev.berth.engine.events.Event;
import dev.berth.engine.events.EventBus;
import dev.berth.runtime.container.Healthcheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The monitor's schedule and state with a fake exec service and millisecond timings. */
class HealthMonitorTest {
  private static final long MS = 1_000_000L;
  private static final String ID = "c0ffee" + "0".repeat(58);

  private final FakeExecService exec = new FakeExecService();
  private final EventBus events = new EventBus();
  private final List<Event> seen = new CopyOnWriteArrayList<>();
  private HealthMonitor monitor;

  @BeforeEach
  void setUp() {
    monitor = new HealthMonitor(exec, events, id -> Map.of("name", "web", "image", "busybox"));
    events.subscribe(-1, e -> true, seen::add);
  }

  @AfterEach
  void tearDown() {
    monitor.close();
  }

  private static Healthcheck check(long intervalMs, long startPeriodMs, long startIntervalMs, int retries) {
    return new Healthcheck(List.of("CMD-SHELL", "test -f /ok"), intervalMs * MS, 700 * MS, startPeriodMs * MS,
        startIntervalMs * MS, retries);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private String status() {
    return monitor.health(ID).status();
  }

  @Test
  void watch_startsAsStartingAndAPassingProbeMakesItHealthyWithOneEvent() throws Exception {
    monitor.watch(ID, check(20, 0, 0, 3));
    assertThat(monitor.health(ID)).isEqualTo(new Health("starting", 0, List.of()));
    await(() -> status().equals("healthy"));
    await(() -> monitor.health(ID).log().size() >= 3);
    assertThat(seen).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo("health_status: healthy");
      assertThat(e.actorId()).isEqualTo(ID);
      assertThat(e.attributes()).containsEntry("name", "web");
    });
    FakeExecService.Call call = exec.calls.getFirst();
    assertThat(call.containerRef()).isEqualTo(ID);
    assertThat(call.cmd()).containsExactly("/bin/sh", "-c", "test -f /ok");
    assertThat(call.timeoutMillis()).isEqualTo(700);
    assertThat(call.maxOutput()).isEqualTo(4096);
  }

  @Test
  void watch_probesStartFailing_unhealthyAfterRetriesInARow() throws Exception {
    monitor.watch(ID, check(20, 0, 0, 3));
    await(() -> status().equals("healthy"));
    exec.answer = () -> new ExecResult(1, "missing", false);
    await(() -> status().equals("unhealthy"));
    Health h = monitor.health(ID);
    assertThat(h.failingStreak()).isGreaterThanOrEqualTo(3);
    assertThat(h.log()).hasSizeLessThanOrEqualTo(5).last().satisfies(p -> {
      assertThat(p.exitCode()).isEqualTo(1);
      assertThat(p.output()).isEqualTo("missing");
      assertThat(p.end()).isAfterOrEqualTo(p.start());
    });
    assertThat(seen).extracting(Event::action).containsExactly("health_status: healthy", "health_status: unhealthy");
  }

  @Test
  void watch_failuresInTheStartPeriod_stayStartingAndProbeAtTheStartInterval() throws Exception {
    exec.answer = () -> new ExecResult(1, "not yet", false);
    monitor.watch(ID, check(3_600_000, 60_000, 10, 1));
    await(() -> exec.calls.size() >= 4);
    assertThat(monitor.health(ID).status()).isEqualTo("starting");
    assertThat(monitor.health(ID).failingStreak()).isZero();
    exec.answer = () -> new ExecResult(0, "up", false);
    await(() -> status().equals("healthy"));
    int calls = exec.calls.size();
    Thread.sleep(100);
    assertThat(exec.calls.size()).as("healthy: back to the one-hour interval").isEqualTo(calls);
    assertThat(seen).extracting(Event::action).containsExactly("health_status: healthy");
  }

  @Test
  void watch_timedOutProbe_isAFailureWithDockersMessage() throws Exception {
    exec.answer = () -> new ExecResult(-1, "partial", true);
    monitor.watch(ID, check(20, 0, 0, 1));
    await(() -> status().equals("unhealthy"));
    Probe p = monitor.health(ID).log().getFirst();
    assertThat(p.exitCode()).isEqualTo(-1);
    assertThat(p.output()).isEqualTo("Health check exceeded timeout (700ms)");
  }

  @Test
  void watch_execFails_isAFailureWithItsMessage() throws Exception {
    exec.answer = () -> {
      throw new dev.berth.errors.ConflictException("Container x is not running");
    };
    monitor.watch(ID, check(20, 0, 0, 1));
    await(() -> status().equals("unhealthy"));
    assertThat(monitor.health(ID).log().getFirst().output()).isEqualTo("Container x is not running");
  }

  @Test
  void unwatch_interruptsAProbeInFlightAndStopsProbingButKeepsTheState() throws Exception {
    monitor.watch(ID, check(20, 0, 0, 3));
    await(() -> status().equals("healthy"));
    exec.answer = exec::blockUntilInterrupted;
    int before = exec.calls.size();
    await(() -> exec.calls.size() > before);
    long start = System.nanoTime();
    monitor.unwatch(ID);
    await(() -> exec.interrupted.get() == 1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    int calls = exec.calls.size();
    Thread.sleep(100);
    assertThat(exec.calls).hasSize(calls);
    assertThat(status()).isEqualTo("healthy");

    monitor.forget(ID);
    assertThat(monitor.health(ID)).isNull();
  }

  @Test
  void watch_again_restartsFromStarting() throws Exception {
    monitor.watch(ID, check(20, 0, 0, 3));
    await(() -> status().equals("healthy"));
    monitor.unwatch(ID);
    monitor.watch(ID, check(3_600_000, 0, 0, 3));
    assertThat(status()).isEqualTo("starting");
  }

  @Test
  void watch_noneOrNoCheck_hasNoHealth() throws Exception {
    monitor.watch(ID, new Healthcheck(List.of("NONE"), 0, 0, 0, 0, 0));
    assertThat(monitor.health(ID)).isNull();
    monitor.watch(ID, null);
    Thread.sleep(50);
    assertThat(monitor.health(ID)).isNull();
    assertThat(exec.calls).isEmpty();
  }
}
