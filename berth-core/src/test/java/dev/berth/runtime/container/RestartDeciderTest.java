package dev.berth.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.container.RestartDecider.Decision;
import dev.berth.runtime.container.RestartDecider.Input;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartDeciderTest {
  private static final Duration SHORT = Duration.ofSeconds(1);

  private static Input exit(int code, int count) {
    return new Input(code, count, false, false, SHORT, Duration.ZERO);
  }

  @Test
  void decide_noPolicy_neverRestarts() {
    assertThat(RestartDecider.decide(RestartPolicy.NO, exit(1, 0)).restart()).isFalse();
    assertThat(RestartDecider.decide(RestartPolicy.NO, new Input(1, 0, false, true, SHORT, Duration.ZERO)).restart()).isFalse();
  }

  @Test
  void decide_always_restartsOnAnyExitWithCountIncremented() {
    Decision d = RestartDecider.decide(RestartPolicy.ALWAYS, exit(0, 2));
    assertThat(d.restart()).isTrue();
    assertThat(d.restartCount()).isEqualTo(3);
    assertThat(d.delay()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void decide_manualStopWhileDaemonRuns_neverRestarts() {
    Input stopped = new Input(137, 0, true, false, SHORT, Duration.ZERO);
    assertThat(RestartDecider.decide(RestartPolicy.ALWAYS, stopped).restart()).isFalse();
    assertThat(RestartDecider.decide(RestartPolicy.UNLESS_STOPPED, stopped).restart()).isFalse();
    assertThat(RestartDecider.decide(new RestartPolicy.OnFailure(0), stopped).restart()).isFalse();
  }

  @Test
  void decide_daemonStartingAfterManualStop_alwaysRestartsUnlessStoppedDoesNot() {
    Input atBoot = new Input(0, 0, true, true, SHORT, Duration.ZERO);
    assertThat(RestartDecider.decide(RestartPolicy.ALWAYS, atBoot).restart()).isTrue();
    assertThat(RestartDecider.decide(RestartPolicy.UNLESS_STOPPED, atBoot).restart()).isFalse();
  }

  @Test
  void decide_daemonStarting_restartsWithoutDelay() {
    Decision d = RestartDecider.decide(RestartPolicy.UNLESS_STOPPED, new Input(0, 0, false, true, SHORT, Duration.ofSeconds(8)));
    assertThat(d.restart()).isTrue();
    assertThat(d.delay()).isZero();
  }

  @Test
  void decide_onFailure_restartsOnlyNonZeroExit() {
    RestartPolicy p = new RestartPolicy.OnFailure(0);
    assertThat(RestartDecider.decide(p, exit(0, 0)).restart()).isFalse();
    assertThat(RestartDecider.decide(p, exit(2, 0)).restart()).isTrue();
    assertThat(RestartDecider.decide(p, exit(2, 1000)).restart()).as("0 means no limit").isTrue();
  }

  @Test
  void decide_onFailureWithMax_stopsAfterMaxRestarts() {
    RestartPolicy p = new RestartPolicy.OnFailure(3);
    assertThat(RestartDecider.decide(p, exit(1, 2)).restart()).isTrue();
    Decision last = RestartDecider.decide(p, exit(1, 3));
    assertThat(last.restart()).isFalse();
    assertThat(last.restartCount()).isEqualTo(3);
  }

  @Test
  void decide_onFailureAtDaemonStart_restartsNonZeroExit() {
    assertThat(RestartDecider.decide(new RestartPolicy.OnFailure(0), new Input(1, 0, false, true, SHORT, Duration.ZERO)).restart()).isTrue();
    assertThat(RestartDecider.decide(new RestartPolicy.OnFailure(0), new Input(0, 0, false, true, SHORT, Duration.ZERO)).restart()).isFalse();
  }

  @Test
  void nextDelay_sequence_doublesFrom100msUpToOneMinute() {
    Duration d = Duration.ZERO;
    long[] expectedMillis = {100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000};
    for (long ms : expectedMillis) {
      d = RestartDecider.nextDelay(d, SHORT);
      assertThat(d).isEqualTo(Duration.ofMillis(ms));
    }
  }

  @Test
  void nextDelay_afterRunOfTenSeconds_resetsTo100ms() {
    assertThat(RestartDecider.nextDelay(Duration.ofSeconds(30), Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(100));
    assertThat(RestartDecider.nextDelay(Duration.ofSeconds(30), Duration.ofMillis(9999))).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void decide_usesPreviousDelay_toBackOff() {
    Decision d = RestartDecider.decide(RestartPolicy.ALWAYS, new Input(1, 4, false, false, SHORT, Duration.ofMillis(800)));
    assertThat(d.delay()).isEqualTo(Duration.ofMillis(1600));
  }
}
