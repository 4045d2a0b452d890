package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.SystemException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The steps of a pull or push: all run, the first failure stops the rest, and is thrown once they have stopped. */
class ParallelStepsTest {
  @Test
  void runAll_everyStepSucceeds_runsEachOnce() {
    AtomicInteger runs = new AtomicInteger();
    List<Callable<Void>> steps = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      steps.add(() -> {
        runs.incrementAndGet();
        return null;
      });
    }

    ParallelSteps.runAll(steps, "pulling from r/app");

    assertThat(runs).hasValue(5);
  }

  @Test
  void runAll_oneStepFails_interruptsTheOthersAndThrowsOnlyOnceTheyHaveStopped() {
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicBoolean stopped = new AtomicBoolean();
    Callable<Void> slow = () -> {
      try {
        waiting.countDown();
        Thread.sleep(60_000);
      } finally {
        Thread.sleep(200); // cleaning up after the interrupt takes a while; the caller must wait for it
        stopped.set(true);
      }
      return null;
    };
    Callable<Void> failing = () -> {
      waiting.await();
      throw new IllegalStateException("layer 2 is corrupt");
    };

    assertThatThrownBy(() -> ParallelSteps.runAll(List.of(slow, failing), "pulling from r/app"))
        .isInstanceOf(IllegalStateException.class).hasMessage("layer 2 is corrupt");
    assertThat(stopped).isTrue();
  }

  @Test
  void runAll_checkedFailure_isWrappedNamingTheTransfer() {
    Callable<Void> failing = () -> {
      throw new IOException("connection reset");
    };

    assertThatThrownBy(() -> ParallelSteps.runAll(List.of(failing), "pushing to r/app"))
        .isInstanceOf(SystemException.class).hasMessage("pushing to r/app: java.io.IOException: connection reset");
  }

  @Test
  void oneAtATime_manyThreadsReporting_neverTwoCallsAtOnce() {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Consumer<Integer> serial = ParallelSteps.oneAtATime(n -> {
      most.accumulateAndGet(inside.incrementAndGet(), Math::max);
      Thread.onSpinWait();
      inside.decrementAndGet();
    });
    List<Callable<Void>> steps = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      steps.add(() -> {
        for (int i = 0; i < 2_000; i++) serial.accept(i);
        return null;
      });
    }

    ParallelSteps.runAll(steps, "reporting");

    assertThat(most).hasValue(1);
  }
}
