package dev.berth.engine.build;

import java.time.Duration;
import java.util.List;

/**
 * Go's {@code fmt} forms that Docker's classic builder writes into {@code created_by}: {@code %q} of a string
 * and of a string slice ({@code ["/bin/sh" "-c" "echo hi"]}), {@code %v} of a slice ({@code [/data]}) and a
 * duration's {@code String()} ({@code 1m30s}). History text matches Docker's so that tools reading it agree.
 */
final class GoText {
  private GoText() {}

  /** {@code %q} of a string: double quotes, Go escapes for quotes, backslashes and control characters. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", c));
          else b.appendCodePoint(c);
        }
      }
    });
    return b.append('"').toString();
  }

  /** {@code %q} of a string slice. */
  static String quoteList(List<String> list) {
    return "[" + String.join(" ", list.stream().map(GoText::quote).toList()) + "]";
  }

  /** {@code %v} of a string slice. */
  static String list(List<String> list) {
    return "[" + String.join(" ", list) + "]";
  }

  /** Go's {@code time.Duration.String()} for whole and fractional seconds: {@code 0s}, {@code 1.5s}, {@code 5m0s}, {@code 1h0m0s}. */
  static String duration(Duration d) {
    if (d == null || d.isZero()) return "0s";
    long nanos = d.toNanos();
    if (nanos < 1_000_000_000L) {
      if (nanos % 1_000_000 == 0) return nanos / 1_000_000 + "ms";
      return nanos + "ns";
    }
    long h = nanos / 3_600_000_000_000L;
    long m = nanos / 60_000_000_000L % 60;
    long rest = nanos % 60_000_000_000L;
    String sec = seconds(rest);
    if (h > 0) return h + "h" + m + "m" + sec;
    if (m > 0) return m + "m" + sec;
    return sec;
  }

  private static String seconds(long nanos) {
    long whole = nanos / 1_000_000_000L;
    long frac = nanos % 1_000_000_000L;
    if (frac == 0) return whole + "s";
    String f = String.format("%09d", frac).replaceAll("0+$", "");
    return whole + "." + f + "s";
  }
}
