package dev.berth.runtime.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code HealthConfig}. {@code test} is empty (inherit the image's), {@code ["NONE"]} (disabled),
 * {@code ["CMD", arg…]} or {@code ["CMD-SHELL", command]}. Durations are nanoseconds as in Docker's JSON; 0
 * means "inherit, else Docker's default".
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record Healthcheck(
    List<String> test, long interval, long timeout, long startPeriod, long startInterval, int retries) {
  /** Docker's minimum for a non-zero duration: one millisecond. */
  public static final long MIN_DURATION_NANOS = 1_000_000L;

  public Healthcheck {
    test = test == null ? List.of() : List.copyOf(test);
    if (!test.isEmpty() && !List.of("NONE", "CMD", "CMD-SHELL").contains(test.getFirst())) {
      throw new InvalidArgumentException(
          "invalid healthcheck: the test must start with NONE, CMD or CMD-SHELL, got '" + test.getFirst() + "'");
    }
    checkDuration("Interval", interval);
    checkDuration("Timeout", timeout);
    checkDuration("StartPeriod", startPeriod);
    checkDuration("StartInterval", startInterval);
    if (retries < 0) throw new InvalidArgumentException("invalid healthcheck: Retries must not be negative, got " + retries);
  }

  private static void checkDuration(String field, long nanos) {
    if (nanos != 0 && nanos < MIN_DURATION_NANOS) {
      throw new InvalidArgumentException("invalid healthcheck: " + field + " cannot be less than 1ms, got " + nanos + "ns");
    }
  }

  /** Whether the healthcheck is switched off ({@code ["NONE"]}). */
  public boolean disabled() {
    return !test.isEmpty() && test.getFirst().equals("NONE");
  }

  /**
   * Reads the image config's {@code Healthcheck} member ({@code {"Test": […], "Interval": 30000000000, …}}),
   * or null when the image has none.
   */
  public static Healthcheck fromImage(Map<String, Object> json) {
    if (json == null) return null;
    Object test = json.get("Test");
    List<String> t = test instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    return new Healthcheck(t, nanos(json, "Interval"), nanos(json, "Timeout"), nanos(json, "StartPeriod"),
        nanos(json, "StartInterval"), (int) nanos(json, "Retries"));
  }

  private static long nanos(Map<String, Object> json, String key) {
    Object v = json.get(key);
    if (v == null) return 0;
    if (v instanceof Number n) return n.longValue();
    throw new InvalidArgumentException("invalid image healthcheck: " + key + " must be a number, got '" + v + "'");
  }

  /** Fills each unset field of this (the user's) from {@code image}'s, as Docker merges them. */
  public Healthcheck inheriting(Healthcheck image) {
    if (image == null) return this;
    return new Healthcheck(
        test.isEmpty() ? image.test() : test,
        interval == 0 ? image.interval() : interval,
        timeout == 0 ? image.timeout() : timeout,
        startPeriod == 0 ? image.startPeriod() : startPeriod,
        startInterval == 0 ? image.startInterval() : startInterval,
        retries == 0 ? image.retries() : retries);
  }
}
