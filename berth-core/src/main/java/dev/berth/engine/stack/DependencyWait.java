package dev.berth.engine.stack;

import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerView;
import dev.berth.errors.ConflictException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for what a dependant's {@code depends_on} asks of a dependency: {@code service_healthy} (the container's
 * health status becomes healthy) or {@code service_completed_successfully} (it exits with 0). Each ends in a
 * ConflictException worded as Compose words it ("dependency failed to start: container p-db-1 is unhealthy")
 * when the condition cannot be met or is not met in time.
 */
final class DependencyWait {
  /** How often the health status is read: probes run at most this often in practice. */
  private static final Duration POLL = Duration.ofMillis(200);

  private DependencyWait() {}

  static void healthy(ContainerService containers, String containerId, String name, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ContainerView v = containers.inspect(containerId);
      if (v.health() == null) {
        throw new ConflictException("dependency failed to start: container " + name + " has no healthcheck");
      }
      String status = v.health().status();
      if (status.equals("healthy")) return;
      if (status.equals("unhealthy")) throw new ConflictException("dependency failed to start: container " + name + " is unhealthy");
      if (!v.container().state().isRunning()) {
        throw new ConflictException("dependency failed to start: container " + name + " exited ("
            + v.container().state().exitCode() + ") before it became healthy");
      }
      if (System.nanoTime() > deadline) {
        throw new ConflictException("dependency failed to start: container " + name + " did not become healthy within " + timeout);
      }
      sleep();
    }
  }

  static void completed(ContainerService containers, String containerId, String name, Duration timeout) {
    ContainerService.WaitResult r;
    try {
      r = containers.waitFor(containerId, ContainerService.WaitCondition.NOT_RUNNING)
          .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new ConflictException("dependency failed to start: container " + name + " did not exit within " + timeout);
    } catch (ExecutionException e) {
      throw new ConflictException("dependency failed to start: waiting for container " + name + ": " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConflictException("dependency failed to start: interrupted while waiting for container " + name);
    }
    if (r.statusCode() != 0) {
      throw new ConflictException("dependency failed to start: container " + name + " exited with code " + r.statusCode()
          + " (service_completed_successfully wants 0)");
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConflictException("dependency failed to start: interrupted while waiting for health");
    }
  }
}
