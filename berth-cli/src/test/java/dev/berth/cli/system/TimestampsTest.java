package dev.berth.cli.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  static final Instant NOW = Instant.parse("2026-11-28T05:00:00Z");

  @Test
  void toApi_unixSeconds_passedThrough() {
    assertThat(Timestamps.toApi("1700000000.5", NOW, ZoneOffset.UTC)).isEqualTo("1700000000.5");
  }

  @Test
  void toApi_compoundDuration_subtractedFromNow() {
    assertThat(Timestamps.toApi("1h30m", NOW, ZoneOffset.UTC)).isEqualTo(NOW.getEpochSecond() - 5400 + ".000000000");
    assertThat(Timestamps.toApi("1.5s", NOW, ZoneOffset.UTC)).isEqualTo(NOW.getEpochSecond() - 2 + ".500000000");
  }

  @Test
  void toApi_dates_readInZoneWhenNoOffset() {
    assertThat(Timestamps.toApi("2026-11-28T06:00:00+01:00", NOW, ZoneOffset.UTC)).isEqualTo(NOW.getEpochSecond() + ".000000000");
    assertThat(Timestamps.toApi("2026-11-28T05:00:00", NOW, ZoneOffset.ofHours(2))).isEqualTo(NOW.getEpochSecond() - 7200 + ".000000000");
    assertThat(Timestamps.toApi("2026-11-28", NOW, ZoneOffset.UTC)).isEqualTo(NOW.getEpochSecond() - 5 * 3600 + ".000000000");
  }

  @Test
  void toApi_garbage_saysWhatIsAccepted() {
    assertThatThrownBy(() -> Timestamps.toApi("yesterday", NOW, ZoneOffset.UTC)).hasMessageContaining("\"yesterday\"").hasMessageContaining("duration");
  }
}
