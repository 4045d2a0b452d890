package dev.berth.engine.health;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.runtime.container.Healthcheck;
import java.time.Duration;
import java.util.List;

/**
 * A healthcheck with Docker's defaults filled in: the command to run ({@code CMD} runs its arguments,
 * {@code CMD-SHELL} runs {@code /bin/sh -c}), interval 30 s, timeout 30 s, start period 0, start interval
 * 5 s, 3 retries.
 */
public record ProbeSchedule(
    List<String> command, Duration interval, Duration timeout, Duration startPeriod, Duration startInterval, int retries) {
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
  static final int DEFAULT_RETRIES = 3;

  public ProbeSchedule {
    command = List.copyOf(command);
  }

  /** The schedule of {@code check}, or null when it runs nothing (no test, or NONE). */
  public static ProbeSchedule of(Healthcheck check) {
    if (check == null || check.test().isEmpty() || check.disabled()) {
      return null;
    }
    List<String> test = check.test();
    List<String> command = switch (test.getFirst()) {
      case "CMD" -> test.subList(1, test.size());
      case "CMD-SHELL" -> List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())));
      default -> throw new InvalidArgumentException("invalid healthcheck: unknown test type '" + test.getFirst() + "'");
    };
    if (command.isEmpty()) {
      throw new InvalidArgumentException("invalid healthcheck: " + test.getFirst() + " needs a command");
    }
    return new ProbeSchedule(command, or(check.interval(), DEFAULT_INTERVAL), or(check.timeout(), DEFAULT_TIMEOUT),
        or(check.startPeriod(), Duration.ZERO), or(check.startInterval(), DEFAULT_START_INTERVAL),
        check.retries() > 0 ? check.retries() : DEFAULT_RETRIES);
  }

  private static Duration or(long nanos, Duration fallback) {
    return nanos > 0 ? Duration.ofNanos(nanos) : fallback;
  }

  /** Docker's wait before the next probe: the start interval while still starting in the start period. */
  public Duration delay(Duration sinceStart, String status) {
    boolean inStartPeriod = sinceStart.compareTo(startPeriod) < 0;
    return inStartPeriod && status.equals(HealthTransitions.STARTING) ? startInterval : interval;
  }

  /** The probe output Docker records at a timeout: {@code Health check exceeded timeout (30s)}. */
  public String timeoutMessage() {
    return "Health check exceeded timeout (" + goDuration(timeout) + ")";
  }

  /** A duration as Go prints it, for the common cases: 30s, 1.5s, 500ms, 2m0s. */
  static String goDuration(Duration d) {
    long nanos = d.toNanos();
    if (nanos < 1_000_000_000L) {
      return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms" : nanos / 1000 + "µs";
    }
    long minutes = d.toMinutes();
    Duration rest = d.minusMinutes(minutes);
    String seconds = java.math.BigDecimal.valueOf(rest.toNanos(), 9).stripTrailingZeros().toPlainString() + "s";
    if (minutes == 0) {
      return seconds;
    }
    return minutes >= 60 ? minutes / 60 + "h" + minutes % 60 + "m" + seconds : minutes + "m" + seconds;
  }
}
