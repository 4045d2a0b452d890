package dev.berth.engine.container;

import dev.berth.engine.ContainerView;
import dev.berth.runtime.container.Healthcheck;

/**
 * What the container engine needs of health checks: start probing a container when it starts, stop when its
 * process ends, and report the current health for inspect and ps. The exec helper's HealthMonitor is wired in
 * through this, so the engine does not depend on how probes run.
 */
public interface HealthWatcher {
  /** Starts probing {@code containerId} with {@code healthcheck} (not disabled, not null). */
  void watch(String containerId, Healthcheck healthcheck);

  /** Stops probing; the last health stays readable. */
  void unwatch(String containerId);

  /** Stops probing and drops the health state: the container is gone. */
  default void forget(String containerId) {
    unwatch(containerId);
  }

  /** The health of the container, or null when it has none. */
  ContainerView.Health health(String containerId);

  /** No health checks at all: what the engine uses until one is wired in. */
  HealthWatcher NONE = new HealthWatcher() {
    @Override
    public void watch(String containerId, Healthcheck healthcheck) {}

    @Override
    public void unwatch(String containerId) {}

    @Override
    public ContainerView.Health health(String containerId) {
      return null;
    }
  };
}
