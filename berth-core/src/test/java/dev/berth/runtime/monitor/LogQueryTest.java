package dev.berth.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogQueryTest {

  @Test
  void new_tailBelowMinusOne_isRejected() {
    assertThatThrownBy(() -> LogQuery.ALL.withTail(-2))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("tail");
  }

  @Test
  void new_untilBeforeSince_isRejected() {
    assertThatThrownBy(() -> LogQuery.ALL.withSince(Instant.parse("2026-01-02T00:00:00Z"))
        .withUntil(Instant.parse("2026-01-01T00:00:00Z")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("before since");
  }

  @Test
  void accepts_streamNotChosen_isFalse() {
    LogRecord err = new LogRecord(LogStream.STDERR, Instant.EPOCH, "x", false);
    assertThat(LogQuery.ALL.withStreams(Set.of(LogStream.STDOUT)).accepts(err)).isFalse();
    assertThat(LogQuery.ALL.accepts(err)).isTrue();
  }
}
