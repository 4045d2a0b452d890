package dev.berth.api.images;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The {@code "progress"} string of Docker's JSON messages, as dockerd renders it for its clients: a 50-cell bar
 * and the byte counts, e.g. {@code [=====>                                             ]  1.049MB/10.49MB}. dockerd
 * renders it for a 200-column "terminal", so the bar is always there; no time-left box, since dockerd's
 * progress carries no start time. Sizes are go-units' {@code HumanSize}: decimal units and 4 significant digits.
 */
final class ProgressBar {
  private static final int CELLS = 50;
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

  private ProgressBar() {}

  /** The progress text for {@code current} of {@code total} bytes; empty when neither is known. */
  static String render(long current, long total) {
    if (current <= 0 && total <= 0) return "";
    if (total <= 0) return String.format("%8s", humanSize(current));
    int filled = Math.min(CELLS, (int) ((double) current / (double) total * 100) / 2);
    String bar = "[" + "=".repeat(filled) + ">" + " ".repeat(Math.max(0, CELLS - filled)) + "] ";
    String numbers = current > total
        ? String.format("%8s", humanSize(current))
        : String.format("%8s", humanSize(current)) + "/" + humanSize(total);
    return bar + numbers;
  }

  /** {@code 32768} is {@code 32.77kB}, {@code 1000} is {@code 1kB}, {@code 512} is {@code 512B}. */
  static String humanSize(long bytes) {
    double size = bytes;
    int unit = 0;
    while (size >= 1000 && unit < UNITS.length - 1) {
      size /= 1000;
      unit++;
    }
    BigDecimal rounded = new BigDecimal(size).round(new MathContext(4, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    return rounded.toPlainString() + UNITS[unit];
  }
}
