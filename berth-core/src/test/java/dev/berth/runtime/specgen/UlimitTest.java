package dev.berth.runtime.specgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class UlimitTest {
  @Test
  void parse_softAndHard_readsBoth() {
    assertThat(Ulimit.parse("nofile=1024:2048")).isEqualTo(new Ulimit("nofile", 1024, 2048));
    assertThat(Ulimit.parse("nofile=1024:2048").rlimitType()).isEqualTo("RLIMIT_NOFILE");
  }

  @Test
  void parse_oneValue_setsSoftAndHard() {
    assertThat(Ulimit.parse("NPROC=50")).isEqualTo(new Ulimit("nproc", 50, 50));
    assertThat(Ulimit.parse("core=-1")).isEqualTo(new Ulimit("core", -1, -1));
  }

  @Test
  void parse_badInput_explainsWhatIsWrong() {
    assertThatThrownBy(() -> Ulimit.parse("nofile")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("expected name=soft[:hard]");
    assertThatThrownBy(() -> Ulimit.parse("bogus=1")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("invalid ulimit type: bogus");
    assertThatThrownBy(() -> Ulimit.parse("nofile=2:1")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("soft limit must be less than or equal to hard limit: 2 > 1");
    assertThatThrownBy(() -> Ulimit.parse("nofile=1:2:3")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("too many limit value arguments");
    assertThatThrownBy(() -> Ulimit.parse("nofile=x")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("x is not a number");
    assertThatThrownBy(() -> Ulimit.parse("nofile=-1:10")).isInstanceOf(InvalidArgumentException.class);
  }
}
