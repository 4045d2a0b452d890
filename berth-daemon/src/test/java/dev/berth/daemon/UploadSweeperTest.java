package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.FakeReceiver;
import dev.berth.errors.InvalidArgumentException;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UploadSweeperTest {
  @Test
  void parse_goStyleDurations_addTheirParts() {
    assertThat(UploadSweeper.parse("k", "24h")).isEqualTo(Duration.ofHours(24));
    assertThat(UploadSweeper.parse("k", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(UploadSweeper.parse("k", "45s")).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void parse_notADurationOrZero_isRefused() {
    for (String bad : new String[] {"", "1d", "10", "h", "0s", "1h 30m"}) {
      assertThatThrownBy(() -> UploadSweeper.parse("upload-expiry", bad)).as(bad).isInstanceOf(InvalidArgumentException.class)
          .hasMessageStartingWith("upload-expiry: \"" + bad + "\" is not a duration");
    }
  }

  @Test
  void period_halfTheExpiryWithinASecondAndAnHour() {
    assertThat(UploadSweeper.period(Duration.ofHours(24))).isEqualTo(Duration.ofHours(1));
    assertThat(UploadSweeper.period(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(5));
    assertThat(UploadSweeper.period(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void start_sweepsAtOnce() throws Exception {
    FakeReceiver receiver = new FakeReceiver();
    byte[] blob = "blob".getBytes();
    receiver.put(dev.berth.oci.Digest.sha256(blob), 0, blob.length, new ByteArrayInputStream(blob, 0, 2));
    assertThat(receiver.uploads).hasSize(1);
    try (UploadSweeper ignored = UploadSweeper.start(receiver, Duration.ofHours(24))) {
      assertThat(receiver.uploads).isEmpty();
    }
  }
}
