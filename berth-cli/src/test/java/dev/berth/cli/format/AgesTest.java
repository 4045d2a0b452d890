package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AgesTest {
  @ParameterizedTest
  @CsvSource({
    "0, Less than a second", "1, 1 second", "59, 59 seconds", "60, About a minute", "150, 2 minutes",
    "3599, 59 minutes", "3600, About an hour", "5400, 2 hours", "172800, 2 days", "1209600, 2 weeks",
    "5184000, 2 months", "63072000, 2 years"
  })
  void humanDuration_seconds_readsLikeDocker(long seconds, String expected) {
    assertThat(Ages.humanDuration(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @Test
  void ago_pastInstant_addsAgo() {
    Instant now = Instant.parse("2026-01-01T00:02:30Z");
    assertThat(Ages.ago(Instant.parse("2026-01-01T00:00:00Z"), now)).isEqualTo("2 minutes ago");
  }

  @Test
  void ago_zeroTime_isNotAvailable() {
    assertThat(Ages.ago(Instant.EPOCH, Instant.now())).isEqualTo("N/A");
  }

  @Test
  void goTime_utc_matchesGoLayout() {
    assertThat(Ages.goTime(Instant.parse("2026-11-28T05:11:28Z"), ZoneOffset.UTC)).isEqualTo("2026-11-28 05:11:28 +0000 UTC");
  }
}
