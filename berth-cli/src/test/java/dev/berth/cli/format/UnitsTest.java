package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0B", "999, 999B", "1000, 1kB", "4261234, 4.26MB", "12000, 12kB", "1234567890, 1.23GB",
    "999999, 1MB", "125000000, 125MB", "1500, 1.5kB"
  })
  void humanSize_threeDigits_matchesDockerImages(long bytes, String expected) {
    assertThat(Units.humanSize(bytes)).isEqualTo(expected);
  }

  @Test
  void humanSize_fourDigits_matchesDockerSystemDf() {
    assertThat(Units.humanSize(4_261_234, 4)).isEqualTo("4.261MB");
  }

  @Test
  void humanSize_unknown_isNotAvailable() {
    assertThat(Units.humanSize(-1)).isEqualTo("N/A");
  }

  @Test
  void binarySize_memory_usesBinaryUnits() {
    assertThat(Units.binarySize(4L * 1024 * 1024 * 1024)).isEqualTo("4GiB");
    assertThat(Units.binarySize(1536)).isEqualTo("1.5KiB");
  }
}
