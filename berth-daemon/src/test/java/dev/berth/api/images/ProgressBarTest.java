package dev.berth.api.images;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The "progress" strings and sizes, checked against what dockerd sends (moby's jsonmessage, go-units). */
class ProgressBarTest {
  @Test
  void humanSize_decimalUnitsFourSignificantDigits_asGoUnits() {
    assertThat(ProgressBar.humanSize(0)).isEqualTo("0B");
    assertThat(ProgressBar.humanSize(512)).isEqualTo("512B");
    assertThat(ProgressBar.humanSize(1000)).isEqualTo("1kB");
    assertThat(ProgressBar.humanSize(32768)).isEqualTo("32.77kB");
    assertThat(ProgressBar.humanSize(2_826_205)).isEqualTo("2.826MB");
    assertThat(ProgressBar.humanSize(10_485_760)).isEqualTo("10.49MB");
    assertThat(ProgressBar.humanSize(3_000_000_000L)).isEqualTo("3GB");
  }

  @Test
  void render_partWay_barOfFiftyCellsAndCounts() {
    // a line from a real docker pull: {"status":"Downloading","progressDetail":{"current":32768,"total":2826205},
    // "progress":"[>                                                  ]  32.77kB/2.826MB","id":"…"}
    assertThat(ProgressBar.render(32768, 2_826_205)).isEqualTo("[>" + " ".repeat(50) + "]  32.77kB/2.826MB");
    assertThat(ProgressBar.render(1_048_576, 10_485_760)).isEqualTo("[=====>" + " ".repeat(45) + "]  1.049MB/10.49MB");
  }

  @Test
  void render_complete_fullBarWithoutSpaces() {
    assertThat(ProgressBar.render(2_826_205, 2_826_205)).isEqualTo("[" + "=".repeat(50) + ">]  2.826MB/2.826MB");
  }

  @Test
  void render_unknownOrWonkyTotal_countsOnly() {
    assertThat(ProgressBar.render(0, 0)).isEmpty();
    assertThat(ProgressBar.render(4096, -1)).isEqualTo(" 4.096kB");
    assertThat(ProgressBar.render(5000, 4000)).isEqualTo("[" + "=".repeat(50) + ">]      5kB");
  }

  @Test
  void render_nothingYet_emptyBarAndZero() {
    assertThat(ProgressBar.render(0, 2048)).isEqualTo("[>" + " ".repeat(50) + "]       0B/2.048kB");
  }
}
