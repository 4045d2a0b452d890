package dev.berth.engine.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.ContainerView.Health;
import dev.berth.engine.ContainerView.Probe;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthTransitionsTest {
  private static Probe probe(int exitCode) {
    return new Probe(Instant.EPOCH, Instant.EPOCH.plusMillis(5), exitCode, "out" + exitCode);
  }

  @Test
  void next_success_isHealthyAndResetsTheStreak() {
    Health failing = new Health(HealthTransitions.HEALTHY, 2, java.util.List.of());
    Health h = HealthTransitions.next(failing, probe(0), false, 3);
    assertThat(h.status()).isEqualTo("healthy");
    assertThat(h.failingStreak()).isZero();
    assertThat(h.log()).containsExactly(probe(0));
  }

  @Test
  void next_failuresUpToRetries_turnUnhealthyOnTheLast() {
    Health h = HealthTransitions.next(HealthTransitions.starting(), probe(0), false, 3);
    h = HealthTransitions.next(h, probe(1), false, 3);
    assertThat(h.status()).isEqualTo("healthy");
    assertThat(h.failingStreak()).isEqualTo(1);
    h = HealthTransitions.next(h, probe(1), false, 3);
    assertThat(h.status()).isEqualTo("healthy");
    h = HealthTransitions.next(h, probe(1), false, 3);
    assertThat(h.status()).isEqualTo("unhealthy");
    assertThat(h.failingStreak()).isEqualTo(3);
  }

  @Test
  void next_anyNonZeroExit_countsAsFailureIncludingTimeouts() {
    Health h = HealthTransitions.next(HealthTransitions.starting(), probe(-1), false, 1);
    assertThat(h.status()).isEqualTo("unhealthy");
    assertThat(HealthTransitions.next(HealthTransitions.starting(), probe(2), false, 1).status()).isEqualTo("unhealthy");
  }

  @Test
  void next_failureWhileStartingInTheStartPeriod_doesNotCount() {
    Health h = HealthTransitions.next(HealthTransitions.starting(), probe(1), true, 1);
    assertThat(h.status()).isEqualTo("starting");
    assertThat(h.failingStreak()).isZero();
    assertThat(h.log()).hasSize(1);
  }

  @Test
  void next_failureInTheStartPeriodAfterASuccess_counts() {
    Health healthy = HealthTransitions.next(HealthTransitions.starting(), probe(0), true, 1);
    assertThat(HealthTransitions.next(healthy, probe(1), true, 1).status()).isEqualTo("unhealthy");
  }

  @Test
  void next_failuresWhileStartingAfterTheStartPeriod_turnUnhealthy() {
    Health h = HealthTransitions.next(HealthTransitions.starting(), probe(1), false, 2);
    assertThat(h.status()).isEqualTo("starting");
    assertThat(h.failingStreak()).isEqualTo(1);
    assertThat(HealthTransitions.next(h, probe(1), false, 2).status()).isEqualTo("unhealthy");
  }

  @Test
  void next_manyProbes_keepsTheLastFive() {
    Health h = HealthTransitions.starting();
    for (int i = 0; i < 8; i++) {
      h = HealthTransitions.next(h, probe(i), false, 100);
    }
    assertThat(h.log()).extracting(Probe::exitCode).containsExactly(3, 4, 5, 6, 7);
  }
}
