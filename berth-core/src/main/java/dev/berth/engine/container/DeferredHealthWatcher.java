package dev.berth.engine.container;

import dev.berth.engine.ContainerView;
import dev.berth.runtime.container.Healthcheck;

/**
 * A health watcher that forwards to one set later. Health probes run through the exec service, which finds
 * containers through the container service, which must tell the health watcher about starts: the engine
 * breaks that circle by handing the container service this and setting the real watcher once the exec
 * service exists. Until then nothing is watched.
 */
public final class DeferredHealthWatcher implements HealthWatcher {
  private volatile HealthWatcher target = HealthWatcher.NONE;

  public void delegateTo(HealthWatcher watcher) {
    this.target = watcher;
  }

  @Override
  public void watch(String containerId, Healthcheck healthcheck) {
    target.watch(containerId, healthcheck);
  }

  @Override
  public void unwatch(String containerId) {
    target.unwatch(containerId);
  }

  @Override
  public void forget(String containerId) {
    target.forget(containerId);
  }

  @Override
  public ContainerView.Health health(String containerId) {
    return target.health(containerId);
  }
}
