package dev.berth.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.runtime.state.ContainerState.Created;
import dev.berth.runtime.state.ContainerState.Dead;
import dev.berth.runtime.state.ContainerState.Exited;
import dev.berth.runtime.state.ContainerState.Paused;
import dev.berth.runtime.state.ContainerState.Removing;
import dev.berth.runtime.state.ContainerState.Restarting;
import dev.berth.runtime.state.ContainerState.Running;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContainerStateTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:01:00Z");

  @Test
  void status_eachRecord_hasDockerName() {
    assertThat(Created.fresh().status().dockerName()).isEqualTo("created");
    assertThat(new Running(1, T0).status().dockerName()).isEqualTo("running");
    assertThat(new Paused(1, T0).status().dockerName()).isEqualTo("paused");
    assertThat(new Restarting(1, T0, T1, false).status().dockerName()).isEqualTo("restarting");
    assertThat(new Exited(0, T0, T1, false, null).status().dockerName()).isEqualTo("exited");
    assertThat(new Dead(null).status().dockerName()).isEqualTo("dead");
    assertThat(new Removing(Created.fresh()).status().dockerName()).isEqualTo("removing");
  }

  @Test
  void isRunning_pausedAndRestarting_trueAsDockerReports() {
    assertThat(new Paused(1, T0).isRunning()).isTrue();
    assertThat(new Restarting(1, T0, T1, false).isRunning()).isTrue();
    assertThat(new Exited(0, T0, T1, false, null).isRunning()).isFalse();
    assertThat(Created.fresh().isRunning()).isFalse();
  }

  @Test
  void accessors_exited_reportExitData() {
    ContainerState s = new Exited(137, T0, T1, true, "killed");
    assertThat(s.exitCode()).isEqualTo(137);
    assertThat(s.oomKilled()).isTrue();
    assertThat(s.error()).isEqualTo("killed");
    assertThat(s.startedAt()).isEqualTo(T0);
    assertThat(s.finishedAt()).isEqualTo(T1);
    assertThat(s.pid()).isZero();
  }

  @Test
  void accessors_removing_delegateToPrevious() {
    ContainerState s = new Removing(new Exited(2, T0, T1, false, null));
    assertThat(s.exitCode()).isEqualTo(2);
    assertThat(s.finishedAt()).isEqualTo(T1);
  }

  @Test
  void running_nonPositivePid_throws() {
    assertThatThrownBy(() -> new Running(0, T0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pid");
  }

  @Test
  void removing_ofRemoving_throws() {
    assertThatThrownBy(() -> new Removing(new Removing(Created.fresh()))).isInstanceOf(IllegalArgumentException.class);
  }
}
