package dev.berth.engine.health;

import dev.berth.engine.ContainerView.Health;
import dev.berth.engine.ContainerView.Probe;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's health state machine, pure: a passing probe (exit 0) makes the container healthy and resets the
 * failing streak; any other result counts as a failure, except while the container is still starting and
 * within its start period; {@code retries} failures in a row make it unhealthy. The last
 * {@value #MAX_LOG} probes are kept.
 */
public final class HealthTransitions {
  public static final String STARTING = "starting";
  public static final String HEALTHY = "healthy";
  public static final String UNHEALTHY = "unhealthy";
  public static final int MAX_LOG = 5;

  private HealthTransitions() {}

  /** The state of a container whose checks just began. */
  public static Health starting() {
    return new Health(STARTING, 0, List.of());
  }

  /**
   * @param inStartPeriod the probe began within the start period (measured from the container's start)
   */
  public static Health next(Health current, Probe probe, boolean inStartPeriod, int retries) {
    List<Probe> log = new ArrayList<>(current.log());
    log.add(probe);
    while (log.size() > MAX_LOG) {
      log.removeFirst();
    }
    if (probe.exitCode() == 0) {
      return new Health(HEALTHY, 0, log);
    }
    if (current.status().equals(STARTING) && inStartPeriod) {
      return new Health(STARTING, current.failingStreak(), log);
    }
    int streak = current.failingStreak() + 1;
    String status = streak >= retries ? UNHEALTHY : current.status();
    return new Health(status, streak, log);
  }
}
