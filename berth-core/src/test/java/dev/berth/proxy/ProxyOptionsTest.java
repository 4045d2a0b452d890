package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProxyOptionsTest {
  @Test
  void fourArgumentConstructor_keepsTheDefaultSpliceThreshold() {
    ProxyOptions o = new ProxyOptions(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 4096);

    assertThat(o.spliceAfter()).isEqualTo(ProxyOptions.DEFAULTS.spliceAfter()).isEqualTo(256 * 1024);
  }

  @Test
  void withers_keepTheSpliceThreshold() {
    ProxyOptions o = ProxyOptions.DEFAULTS.withSpliceAfter(0).withBufferSize(8192).withConnectTimeout(Duration.ofSeconds(9));

    assertThat(o.spliceAfter()).isZero();
    assertThat(o.bufferSize()).isEqualTo(8192);
  }

  @Test
  void withSpliceAfter_negative_invalidArgument() {
    assertThatThrownBy(() -> ProxyOptions.DEFAULTS.withSpliceAfter(-1))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("invalid proxy splice threshold -1: want 0 or more bytes");
  }
}
