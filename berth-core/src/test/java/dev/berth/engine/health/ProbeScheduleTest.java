package dev.berth.engine.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.container.Healthcheck;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeScheduleTest {
  @Test
  void of_cmdShellWithNothingElse_runsShAndTakesDockersDefaults() {
    ProbeSchedule s = ProbeSchedule.of(new Healthcheck(List.of("CMD-SHELL", "test -f /ok"), 0, 0, 0, 0, 0));
    assertThat(s.command()).containsExactly("/bin/sh", "-c", "test -f /ok");
    assertThat(s.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.startPeriod()).isZero();
    assertThat(s.startInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.retries()).isEqualTo(3);
  }

  @Test
  void of_cmd_runsItsArgumentsWithTheGivenTimings() {
    ProbeSchedule s = ProbeSchedule.of(new Healthcheck(List.of("CMD", "cat", "/ok"), 2_000_000_000L, 500_000_000L,
        10_000_000_000L, 1_000_000_000L, 5));
    assertThat(s.command()).containsExactly("cat", "/ok");
    assertThat(s.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.startPeriod()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.startInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.retries()).isEqualTo(5);
  }

  @Test
  void of_noneEmptyOrNull_isNoSchedule() {
    assertThat(ProbeSchedule.of(new Healthcheck(List.of("NONE"), 0, 0, 0, 0, 0))).isNull();
    assertThat(ProbeSchedule.of(new Healthcheck(List.of(), 0, 0, 0, 0, 0))).isNull();
    assertThat(ProbeSchedule.of(null)).isNull();
  }

  @Test
  void delay_startIntervalOnlyWhileStartingInTheStartPeriod() {
    ProbeSchedule s = ProbeSchedule.of(new Healthcheck(List.of("CMD", "true"), 2_000_000_000L, 0, 10_000_000_000L, 1_000_000_000L, 0));
    assertThat(s.delay(Duration.ofSeconds(3), "starting")).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.delay(Duration.ofSeconds(3), "healthy")).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.delay(Duration.ofSeconds(11), "starting")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void timeoutMessage_printsTheDurationAsDockerDoes() {
    assertThat(ProbeSchedule.goDuration(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(ProbeSchedule.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(ProbeSchedule.goDuration(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(ProbeSchedule.goDuration(Duration.ofMinutes(2))).isEqualTo("2m0s");
    assertThat(ProbeSchedule.goDuration(Duration.ofMinutes(90))).isEqualTo("1h30m0s");
    ProbeSchedule s = ProbeSchedule.of(new Healthcheck(List.of("CMD", "true"), 0, 0, 0, 0, 0));
    assertThat(s.timeoutMessage()).isEqualTo("Health check exceeded timeout (30s)");
  }
}
