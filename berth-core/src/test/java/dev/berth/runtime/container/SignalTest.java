package dev.berth.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SignalTest {
  @ParameterizedTest
  @CsvSource({
    "SIGTERM, 15, SIGTERM",
    "TERM, 15, SIGTERM",
    "term, 15, SIGTERM",
    "sigkill, 9, SIGKILL",
    "15, 15, SIGTERM",
    "9, 9, SIGKILL",
    "SIGHUP, 1, SIGHUP",
    "SIGUSR1, 10, SIGUSR1",
    "SIGCHLD, 17, SIGCHLD",
    "SIGWINCH, 28, SIGWINCH",
    "SIGSYS, 31, SIGSYS",
    "SIGIOT, 6, SIGABRT",
    "SIGRTMIN, 34, SIGRTMIN",
    "SIGRTMIN+3, 37, SIGRTMIN+3",
    "RTMIN+1, 35, SIGRTMIN+1",
    "SIGRTMAX, 64, SIGRTMAX",
    "SIGRTMAX-2, 62, SIGRTMAX-2",
    "37, 37, SIGRTMIN+3",
    "64, 64, SIGRTMAX",
    "32, 32, SIG32",
    "SIG33, 33, SIG33"
  })
  void parse_validSpelling_givesNumberAndCanonicalName(String raw, int number, String name) {
    Signal s = Signal.parse(raw);
    assertThat(s.number()).isEqualTo(number);
    assertThat(s.name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "SIG0", "65", "1000", "-1", "SIGFOO", "FOO", "RTMIN+31", "SIGRTMIN-1", "SIGRTMAX+1", "RTMIN+", "RTMIN+x"})
  void parse_invalid_throwsNamingTheValue(String raw) {
    assertThatThrownBy(() -> Signal.parse(raw))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("Invalid signal: " + raw);
  }

  @Test
  void parse_surroundingSpace_isIgnored() {
    assertThat(Signal.parse(" SIGTERM ")).isEqualTo(Signal.SIGTERM);
  }

  @Test
  void parse_blank_throws() {
    assertThatThrownBy(() -> Signal.parse(" ")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> Signal.parse(null)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void of_everyNumber_roundTripsThroughItsName() {
    for (int n = 1; n <= Signal.RTMAX; n++) {
      Signal s = Signal.of(n);
      assertThat(Signal.parse(s.name())).as(s.name()).isEqualTo(s);
    }
  }
}
