package dev.berth.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidStateException;
import dev.berth.runtime.state.ContainerState.Created;
import dev.berth.runtime.state.ContainerState.Dead;
import dev.berth.runtime.state.ContainerState.Exited;
import dev.berth.runtime.state.ContainerState.Paused;
import dev.berth.runtime.state.ContainerState.Removing;
import dev.berth.runtime.state.ContainerState.Restarting;
import dev.berth.runtime.state.ContainerState.Running;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TransitionsTest {
  private static final String C = "container abc";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:00:05Z");

  private static final Running RUNNING = new Running(42, T0);
  private static final Paused PAUSED = new Paused(42, T0);
  private static final Restarting RESTARTING = new Restarting(1, T0, T1, false);
  private static final Exited EXITED = new Exited(3, T0, T1, false, null);

  /** The documented table, written out independently of the implementation's. */
  private static final Map<Status, Set<Status>> EXPECTED = Map.of(
      Status.CREATED, EnumSet.of(Status.RUNNING, Status.CREATED, Status.REMOVING),
      Status.RUNNING, EnumSet.of(Status.PAUSED, Status.EXITED, Status.RESTARTING),
      Status.PAUSED, EnumSet.of(Status.RUNNING, Status.EXITED, Status.RESTARTING),
      Status.RESTARTING, EnumSet.of(Status.RUNNING, Status.EXITED),
      Status.EXITED, EnumSet.of(Status.RUNNING, Status.EXITED, Status.REMOVING),
      Status.REMOVING, EnumSet.of(Status.DEAD, Status.CREATED, Status.EXITED),
      Status.DEAD, EnumSet.of(Status.REMOVING));

  @ParameterizedTest
  @EnumSource(Status.class)
  void allowed_everyPairFromState_matchesDocumentedTable(Status from) {
    for (Status to : Status.values()) {
      assertThat(Transitions.allowed(from, to)).as(from + " -> " + to).isEqualTo(EXPECTED.get(from).contains(to));
    }
  }

  @Test
  void start_fromCreated_isRunningWithPidAndStart() {
    Running r = Transitions.start(C, Created.fresh(), 7, T0);
    assertThat(r.pid()).isEqualTo(7);
    assertThat(r.startedAt()).isEqualTo(T0);
  }

  @Test
  void start_fromExitedAndRestarting_isRunning() {
    assertThat(Transitions.start(C, EXITED, 8, T1).status()).isEqualTo(Status.RUNNING);
    assertThat(Transitions.start(C, RESTARTING, 9, T1).status()).isEqualTo(Status.RUNNING);
  }

  @Test
  void start_fromRunning_throwsNamingBothStates() {
    assertThatThrownBy(() -> Transitions.start(C, RUNNING, 8, T1))
        .isInstanceOf(InvalidStateException.class)
        .hasMessage("container abc: invalid state transition from running to running");
  }

  @Test
  void start_fromPaused_throwsSuggestingUnpause() {
    assertThatThrownBy(() -> Transitions.start(C, PAUSED, 8, T1))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("from paused to running (use unpause)");
  }

  @Test
  void start_fromDeadOrRemoving_throws() {
    assertThatThrownBy(() -> Transitions.start(C, new Dead("x"), 8, T1)).isInstanceOf(InvalidStateException.class)
        .satisfies(e -> assertThat(((InvalidStateException) e).from()).isEqualTo("dead"));
    assertThatThrownBy(() -> Transitions.start(C, new Removing(EXITED), 8, T1)).isInstanceOf(InvalidStateException.class);
  }

  @Test
  void startFailed_fromCreated_staysCreatedWithCodeAndError() {
    ContainerState s = Transitions.startFailed(C, Created.fresh(), 127, "exec: \"nope\": not found", T1);
    assertThat(s).isEqualTo(new Created(127, "exec: \"nope\": not found"));
    assertThat(s.exitCode()).isEqualTo(127);
  }

  @Test
  void startFailed_fromExited_staysExitedKeepingLastStart() {
    ContainerState s = Transitions.startFailed(C, EXITED, 126, "permission denied", T1.plusSeconds(1));
    assertThat(s).isEqualTo(new Exited(126, T0, T1.plusSeconds(1), false, "permission denied"));
  }

  @Test
  void startFailed_fromRestarting_isExited() {
    assertThat(Transitions.startFailed(C, RESTARTING, 128, "boom", T1).status()).isEqualTo(Status.EXITED);
  }

  @Test
  void startFailed_fromRunning_throws() {
    assertThatThrownBy(() -> Transitions.startFailed(C, RUNNING, 1, "x", T1)).isInstanceOf(InvalidStateException.class);
  }

  @Test
  void pauseThenUnpause_keepsPidAndStart() {
    Paused p = Transitions.pause(C, RUNNING);
    assertThat(p).isEqualTo(new Paused(42, T0));
    assertThat(Transitions.unpause(C, p)).isEqualTo(RUNNING);
  }

  @Test
  void pause_fromExited_throws() {
    assertThatThrownBy(() -> Transitions.pause(C, EXITED))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("from exited to paused");
  }

  @Test
  void unpause_fromRunning_throws() {
    assertThatThrownBy(() -> Transitions.unpause(C, RUNNING))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("from running to running");
  }

  @Test
  void exited_fromRunningOrPaused_recordsExit() {
    assertThat(Transitions.exited(C, RUNNING, 137, T1, true, null)).isEqualTo(new Exited(137, T0, T1, true, null));
    assertThat(Transitions.exited(C, PAUSED, 137, T1, false, null).startedAt()).isEqualTo(T0);
  }

  @Test
  void exited_fromCreatedExitedOrRestarting_throws() {
    assertThatThrownBy(() -> Transitions.exited(C, Created.fresh(), 0, T1, false, null)).isInstanceOf(InvalidStateException.class);
    assertThatThrownBy(() -> Transitions.exited(C, EXITED, 0, T1, false, null)).isInstanceOf(InvalidStateException.class);
    assertThatThrownBy(() -> Transitions.exited(C, RESTARTING, 0, T1, false, null)).isInstanceOf(InvalidStateException.class);
  }

  @Test
  void restarting_fromRunning_keepsExitData() {
    Restarting r = Transitions.restarting(C, RUNNING, 2, T1, false);
    assertThat(r).isEqualTo(new Restarting(2, T0, T1, false));
    assertThat(r.pid()).isZero();
    assertThat(r.isRunning()).isTrue();
  }

  @Test
  void restarting_fromExited_throws() {
    assertThatThrownBy(() -> Transitions.restarting(C, EXITED, 2, T1, false)).isInstanceOf(InvalidStateException.class);
  }

  @Test
  void cancelRestart_fromRestarting_isExitedWithLastExit() {
    assertThat(Transitions.cancelRestart(C, RESTARTING)).isEqualTo(new Exited(1, T0, T1, false, null));
  }

  @Test
  void cancelRestart_fromRunning_throws() {
    assertThatThrownBy(() -> Transitions.cancelRestart(C, RUNNING)).isInstanceOf(InvalidStateException.class);
  }

  @Test
  void beginRemoval_fromCreatedExitedDead_isRemovingRememberingPrevious() {
    assertThat(Transitions.beginRemoval(C, EXITED)).isEqualTo(new Removing(EXITED));
    assertThat(Transitions.beginRemoval(C, Created.fresh()).previous()).isEqualTo(Created.fresh());
    assertThat(Transitions.beginRemoval(C, new Dead("e")).status()).isEqualTo(Status.REMOVING);
  }

  @Test
  void beginRemoval_fromRunningPausedRestarting_throws() {
    for (ContainerState s : new ContainerState[] {RUNNING, PAUSED, RESTARTING}) {
      assertThatThrownBy(() -> Transitions.beginRemoval(C, s))
          .isInstanceOf(InvalidStateException.class)
          .hasMessageContaining("from " + s.status().dockerName() + " to removing");
    }
  }

  @Test
  void beginRemoval_fromRemoving_throws() {
    assertThatThrownBy(() -> Transitions.beginRemoval(C, new Removing(EXITED)))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("from removing to removing");
  }

  @Test
  void abortRemoval_fromRemoving_restoresPrevious() {
    assertThat(Transitions.abortRemoval(C, new Removing(EXITED))).isEqualTo(EXITED);
  }

  @Test
  void abortRemoval_fromExited_throws() {
    assertThatThrownBy(() -> Transitions.abortRemoval(C, EXITED)).isInstanceOf(InvalidStateException.class);
  }

  @Test
  void removalFailed_fromRemoving_isDeadWithError() {
    assertThat(Transitions.removalFailed(C, new Removing(EXITED), "device busy")).isEqualTo(new Dead("device busy"));
  }

  @Test
  void removalFailed_fromExited_throws() {
    assertThatThrownBy(() -> Transitions.removalFailed(C, EXITED, "x"))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("from exited to dead");
  }
}
