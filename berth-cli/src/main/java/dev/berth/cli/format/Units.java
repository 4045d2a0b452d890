package dev.berth.cli.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Sizes as the docker CLI prints them: decimal units, three significant digits ("4.26MB", "12kB", "0B"). */
public final class Units {
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

  private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

  private Units() {}

  /** Binary units with up to two decimals, as {@code docker info} prints memory ("3.84GiB"). */
  public static String binarySize(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString() + BINARY_UNITS[unit];
  }

  /** The human size of a byte count as {@code docker images} prints it (three significant digits). */
  public static String humanSize(long bytes) {
    return humanSize(bytes, 3);
  }

  /**
   * The human size with the given significant digits: docker uses 3 in image tables and 4 in
   * {@code system df}. A negative count (unknown) prints as "N/A".
   */
  public static String humanSize(long bytes, int precision) {
    if (bytes < 0) return "N/A";
    BigDecimal value = BigDecimal.valueOf(bytes);
    int unit = 0;
    BigDecimal thousand = BigDecimal.valueOf(1000);
    while (value.compareTo(thousand) >= 0 && unit < UNITS.length - 1) {
      value = value.divide(thousand);
      unit++;
    }
    BigDecimal rounded = value.round(new MathContext(precision, RoundingMode.HALF_EVEN));
    if (rounded.compareTo(thousand) >= 0 && unit < UNITS.length - 1) {
      // 999.9kB rounds to 1000kB: say 1MB instead.
      rounded = rounded.divide(thousand).round(new MathContext(precision, RoundingMode.HALF_EVEN));
      unit++;
    }
    return rounded.stripTrailingZeros().toPlainString() + UNITS[unit];
  }
}
