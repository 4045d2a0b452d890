package dev.berth.api.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.ContainerView;
import dev.berth.runtime.state.ContainerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker ps's Status column, worded as Docker words it. */
class StatusTextTest {
  private static final Instant NOW = Instant.parse("2026-11-28T08:00:00Z");

  @Test
  void human_durations_matchGoUnits() {
    assertThat(StatusText.human(Duration.ofMillis(300))).isEqualTo("Less than a second");
    assertThat(StatusText.human(Duration.ofSeconds(1))).isEqualTo("1 second");
    assertThat(StatusText.human(Duration.ofSeconds(59))).isEqualTo("59 seconds");
    assertThat(StatusText.human(Duration.ofSeconds(90))).isEqualTo("About a minute");
    assertThat(StatusText.human(Duration.ofMinutes(59))).isEqualTo("59 minutes");
    assertThat(StatusText.human(Duration.ofMinutes(70))).isEqualTo("About an hour");
    assertThat(StatusText.human(Duration.ofHours(47))).isEqualTo("47 hours");
    assertThat(StatusText.human(Duration.ofDays(3))).isEqualTo("3 days");
    assertThat(StatusText.human(Duration.ofDays(20))).isEqualTo("2 weeks");
    assertThat(StatusText.human(Duration.ofDays(90))).isEqualTo("3 months");
    assertThat(StatusText.human(Duration.ofDays(800))).isEqualTo("2 years");
  }

  @Test
  void of_eachState_readsAsDockers() {
    Instant started = NOW.minusSeconds(3);
    assertThat(StatusText.of(new ContainerState.Running(7, started), null, NOW)).isEqualTo("Up 3 seconds");
    assertThat(StatusText.of(new ContainerState.Running(7, started), new ContainerView.Health("healthy", 0, List.of()), NOW))
        .isEqualTo("Up 3 seconds (healthy)");
    assertThat(StatusText.of(new ContainerState.Running(7, started), new ContainerView.Health("starting", 0, List.of()), NOW))
        .isEqualTo("Up 3 seconds (health: starting)");
    assertThat(StatusText.of(new ContainerState.Paused(7, started), null, NOW)).isEqualTo("Up 3 seconds (Paused)");
    assertThat(StatusText.of(new ContainerState.Exited(2, started, NOW.minusSeconds(2), false, null), null, NOW))
        .isEqualTo("Exited (2) 2 seconds ago");
    assertThat(StatusText.of(new ContainerState.Restarting(1, started, NOW.minusSeconds(4), false), null, NOW))
        .isEqualTo("Restarting (1) 4 seconds ago");
    assertThat(StatusText.of(ContainerState.Created.fresh(), null, NOW)).isEqualTo("Created");
    assertThat(StatusText.of(new ContainerState.Dead("x"), null, NOW)).isEqualTo("Dead");
    assertThat(StatusText.of(new ContainerState.Removing(ContainerState.Created.fresh()), null, NOW)).isEqualTo("Removal In Progress");
  }
}
