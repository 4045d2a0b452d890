package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OnFirstUseTest {
  @Test
  void get_calledTwice_makesOnce() {
    AtomicInteger made = new AtomicInteger();
    OnFirstUse<String> value = new OnFirstUse<>(() -> "v" + made.incrementAndGet());
    assertThat(value.get()).isEqualTo("v1");
    assertThat(value.get()).isEqualTo("v1");
    assertThat(made).hasValue(1);
  }

  @Test
  void ifMade_beforeAnyGet_makesNothingAndSeesNothing() {
    AtomicInteger made = new AtomicInteger();
    OnFirstUse<String> value = new OnFirstUse<>(() -> "v" + made.incrementAndGet());
    List<String> seen = new ArrayList<>();
    value.ifMade(seen::add);
    assertThat(seen).isEmpty();
    assertThat(made).hasValue(0);
    value.get();
    value.ifMade(seen::add);
    assertThat(seen).containsExactly("v1");
  }

  @Test
  void get_fromManyThreads_makesOnce() throws Exception {
    AtomicInteger made = new AtomicInteger();
    OnFirstUse<Integer> value = new OnFirstUse<>(made::incrementAndGet);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 16; i++) threads.add(Thread.ofVirtual().start(value::get));
    for (Thread t : threads) t.join();
    assertThat(made).hasValue(1);
  }
}
