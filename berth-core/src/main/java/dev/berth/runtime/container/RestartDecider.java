package dev.berth.runtime.container;

import java.time.Duration;

/**
 * Whether a container whose process ended (or that the daemon finds stopped at start-up) is started again,
 * and after what delay: Docker's restart-manager rules, as a pure function of its inputs.
 *
 * <ul>
 *   <li>A manual stop ({@code stop}, {@code kill}, {@code rm -f}) cancels any restart while the daemon runs.
 *   <li>At daemon start-up, {@code always} restarts even a manually stopped container; {@code unless-stopped}
 *       does not; {@code on-failure} restarts a container that last exited non-zero.
 *   <li>{@code on-failure:N} stops after N restarts in a row; N = 0 means no limit.
 *   <li>The delay starts at 100 ms and doubles on each restart, up to one minute; a run of 10 s or more
 *       resets it to 100 ms. A restart at daemon start-up has no delay.
 * </ul>
 */
public final class RestartDecider {
  public static final Duration INITIAL_DELAY = Duration.ofMillis(100);
  public static final Duration MAX_DELAY = Duration.ofMinutes(1);
  public static final Duration RESET_AFTER = Duration.ofSeconds(10);

  private RestartDecider() {}

  /**
   * What happened to the container.
   *
   * @param exitCode the last exit code
   * @param restartCount restarts so far in this run of restarts (Docker's {@code RestartCount})
   * @param manuallyStopped the user stopped it ({@code HasBeenManuallyStopped})
   * @param daemonStarting the decision is taken while the daemon restores containers at start-up
   * @param ranFor how long the last process ran
   * @param previousDelay the delay before the previous restart, or {@link Duration#ZERO} if none
   */
  public record Input(int exitCode, int restartCount, boolean manuallyStopped, boolean daemonStarting, Duration ranFor, Duration previousDelay) {
    public Input {
      if (restartCount < 0) throw new IllegalArgumentException("restartCount must not be negative");
      if (ranFor == null || ranFor.isNegative()) ranFor = Duration.ZERO;
      if (previousDelay == null || previousDelay.isNegative()) previousDelay = Duration.ZERO;
    }
  }

  /**
   * The outcome: restart or not, after {@code delay}; {@code restartCount} is the count to record if the
   * restart happens (unchanged otherwise).
   */
  public record Decision(boolean restart, Duration delay, int restartCount) {
    static Decision no(int count) {
      return new Decision(false, Duration.ZERO, count);
    }
  }

  /** Applies the policy to what happened. */
  public static Decision decide(RestartPolicy policy, Input in) {
    boolean restart = wouldRestart(policy, in);
    if (!restart) return Decision.no(in.restartCount());
    Duration delay = in.daemonStarting() ? Duration.ZERO : nextDelay(in.previousDelay(), in.ranFor());
    return new Decision(true, delay, in.restartCount() + 1);
  }

  private static boolean wouldRestart(RestartPolicy policy, Input in) {
    if (in.manuallyStopped() && !in.daemonStarting()) return false;
    return switch (policy) {
      case RestartPolicy.No n -> false;
      case RestartPolicy.Always a -> true;
      case RestartPolicy.UnlessStopped u -> !in.manuallyStopped();
      case RestartPolicy.OnFailure f ->
          in.exitCode() != 0 && (f.maxRetries() == 0 || in.restartCount() < f.maxRetries());
    };
  }

  /** 100 ms, then double each time up to a minute; back to 100 ms after a run of at least 10 s. */
  public static Duration nextDelay(Duration previous, Duration ranFor) {
    if (previous.isZero() || ranFor.compareTo(RESET_AFTER) >= 0) return INITIAL_DELAY;
    Duration doubled = previous.multipliedBy(2);
    return doubled.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : doubled;
  }
}
