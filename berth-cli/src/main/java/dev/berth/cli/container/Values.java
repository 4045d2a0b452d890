package dev.berth.cli.container;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the value types of container flags, each failing with the reason the docker CLI gives (its
 * Go parsers' wording), so that a user sees the same message from either client: sizes ({@code 64m}),
 * rationals ({@code --cpus 1.5}), integers, Go durations ({@code 1m30s}).
 */
final class Values {
  private static final Map<Character, Long> SIZE_UNITS = Map.of(
      'k', 1L << 10, 'm', 1L << 20, 'g', 1L << 30, 't', 1L << 40, 'p', 1L << 50);
  private static final Pattern DURATION_PART = Pattern.compile("([0-9]*\\.?[0-9]*)(ns|us|µs|μs|ms|s|m|h)");
  private static final Map<String, Double> DURATION_UNITS = Map.of(
      "ns", 1d, "us", 1e3, "µs", 1e3, "μs", 1e3, "ms", 1e6, "s", 1e9, "m", 60e9, "h", 3600e9);

  private Values() {}

  /** A size in bytes with binary units, as Docker's {@code units.RAMInBytes}: {@code 64m}, {@code 1.5GiB}, {@code 512}. */
  static long bytes(String flag, String text) {
    String s = text.strip();
    int sep = lastNumberChar(s);
    if (sep < 0) throw new BadFlagException(flag, text, "invalid size: '" + text + "'");
    BigDecimal size;
    try {
      size = new BigDecimal(s.substring(0, sep + 1).strip());
    } catch (NumberFormatException e) {
      throw new BadFlagException(flag, text, "invalid size: '" + text + "'");
    }
    if (size.signum() < 0) throw new BadFlagException(flag, text, "size is negative: '" + text + "'");
    String suffix = s.substring(sep + 1).toLowerCase(Locale.ROOT);
    return size.multiply(BigDecimal.valueOf(multiplier(flag, text, suffix))).longValue();
  }

  private static int lastNumberChar(String s) {
    for (int i = s.length() - 1; i >= 0; i--) {
      char c = s.charAt(i);
      if (Character.isDigit(c) || c == '.' || c == ' ') return i;
    }
    return -1;
  }

  private static long multiplier(String flag, String text, String suffix) {
    if (suffix.isEmpty()) return 1;
    BadFlagException bad = new BadFlagException(flag, text, "invalid suffix: '" + suffix + "'");
    if (suffix.length() > 3) throw bad;
    if (suffix.charAt(0) == 'b') {
      if (suffix.length() > 1) throw bad;
      return 1;
    }
    Long unit = SIZE_UNITS.get(suffix.charAt(0));
    if (unit == null) throw bad;
    if (suffix.length() == 2 && suffix.charAt(1) != 'b') throw bad;
    if (suffix.length() == 3 && !suffix.substring(1).equals("ib")) throw bad;
    return unit;
  }

  /** A memory-swap size: a size, or {@code -1} for unlimited. */
  static long swapBytes(String flag, String text) {
    return text.strip().equals("-1") ? -1 : bytes(flag, text);
  }

  /** {@code --cpus 1.5} as nano-CPUs (1500000000), exact as Go's {@code big.Rat}. */
  static long nanoCpus(String flag, String text) {
    BigDecimal cpus;
    try {
      cpus = rational(text.strip());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new BadFlagException(flag, text, "failed to parse " + text + " as a rational number");
    }
    BigDecimal nano = cpus.multiply(BigDecimal.valueOf(1_000_000_000L));
    try {
      return nano.toBigIntegerExact().longValueExact();
    } catch (ArithmeticException e) {
      throw new BadFlagException(flag, text, "value is too precise");
    }
  }

  private static BigDecimal rational(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) return new BigDecimal(s);
    return new BigDecimal(new BigInteger(s.substring(0, slash))).divide(new BigDecimal(new BigInteger(s.substring(slash + 1))));
  }

  /** A signed integer, with Go's {@code strconv.ParseInt} wording on failure. */
  static long integer(String flag, String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new BadFlagException(flag, text, "strconv.ParseInt: parsing \"" + text + "\": invalid syntax");
    }
  }

  /** A Go duration ({@code 300ms}, {@code 1m30s}, {@code 1.5h}) in nanoseconds. */
  static long durationNanos(String flag, String text) {
    String s = text.strip();
    if (s.equals("0")) return 0;
    boolean negative = s.startsWith("-");
    String body = negative || s.startsWith("+") ? s.substring(1) : s;
    if (body.isEmpty()) throw new BadFlagException(flag, text, "time: invalid duration \"" + text + "\"");
    if (body.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
      throw new BadFlagException(flag, text, "time: missing unit in duration \"" + text + "\"");
    }
    Matcher m = DURATION_PART.matcher(body);
    double total = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      if (m.group(1).isEmpty() || m.group(1).equals(".")) break;
      total += Double.parseDouble(m.group(1)) * DURATION_UNITS.get(m.group(2));
      end = m.end();
    }
    if (end != body.length()) throw new BadFlagException(flag, text, "time: invalid duration \"" + text + "\"");
    long nanos = Math.round(total);
    return negative ? -nanos : nanos;
  }
}
