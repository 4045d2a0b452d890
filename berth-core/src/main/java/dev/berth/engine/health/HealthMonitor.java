package dev.berth.engine.health;

import dev.berth.engine.ContainerView;
import dev.berth.engine.ContainerView.Health;
import dev.berth.engine.ContainerView.Probe;
import dev.berth.engine.ExecService;
import dev.berth.engine.ExecService.ExecResult;
import dev.berth.engine.events.EventBus;
import dev.berth.runtime.container.Healthcheck;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs containers' HEALTHCHECKs as Docker does: one virtual thread per watched container sleeps the
 * interval (the start interval while still starting within the start period), runs the probe through
 * {@link ExecService#run} with the timeout, and feeds the result to {@link HealthTransitions}. A change of
 * status is published as {@code health_status: healthy} or {@code health_status: unhealthy}.
 *
 * <p>The container service calls {@link #watch} when a container starts and {@link #unwatch} when it
 * exits; the last state stays readable until the next watch or {@link #forget}. Unwatching interrupts a
 * probe in flight, which kills its process.
 */
public final class HealthMonitor implements AutoCloseable {
  /** Docker keeps this much of a probe's output. */
  public static final int MAX_OUTPUT = 4096;

  private final ExecService exec;
  private final EventBus events;
  private final Function<String, Map<String, String>> attributes;
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();

  /**
   * @param attributes a container's event attributes (name, image) by ID; may answer an empty map
   */
  public HealthMonitor(ExecService exec, EventBus events, Function<String, Map<String, String>> attributes) {
    this.exec = exec;
    this.events = events;
    this.attributes = attributes;
  }

  /** Starts (or restarts) checking {@code containerId}, state "starting"; a check that runs nothing is none. */
  public void watch(String containerId, Healthcheck check) {
    ProbeSchedule schedule = ProbeSchedule.of(check);
    Watch fresh = schedule == null ? null : new Watch(containerId, schedule);
    Watch old = fresh == null ? watches.remove(containerId) : watches.put(containerId, fresh);
    if (old != null) {
      old.stop();
    }
    if (fresh != null) {
      fresh.begin();
    }
  }

  /** Stops checking; the last state stays. */
  public void unwatch(String containerId) {
    Watch w = watches.get(containerId);
    if (w != null) {
      w.stop();
    }
  }

  /** Stops checking and drops the state (the container is gone). */
  public void forget(String containerId) {
    Watch w = watches.remove(containerId);
    if (w != null) {
      w.stop();
    }
  }

  /** The health state, null when the container has no healthcheck. */
  public Health health(String containerId) {
    Watch w = watches.get(containerId);
    return w == null ? null : w.health;
  }

  @Override
  public void close() {
    watches.values().forEach(Watch::stop);
  }

  /** One container's checks, run by its own thread; {@link #health} is written by that thread only. */
  private final class Watch {
    private final String containerId;
    private final ProbeSchedule schedule;
    private final Instant startedAt = Instant.now();
    private volatile Health health = HealthTransitions.starting();
    private volatile boolean stopped;
    private Thread thread;

    Watch(String containerId, ProbeSchedule schedule) {
      this.containerId = containerId;
      this.schedule = schedule;
    }

    synchronized void begin() {
      if (!stopped) {
        thread = Thread.ofVirtual().name("health-" + containerId.substring(0, Math.min(12, containerId.length()))).start(this::loop);
      }
    }

    synchronized void stop() {
      stopped = true;
      if (thread != null) {
        thread.interrupt();
      }
    }

    private void loop() {
      try {
        while (!stopped) {
          Thread.sleep(schedule.delay(Duration.between(startedAt, Instant.now()), health.status()));
          Instant start = Instant.now();
          Probe probe = probe(start);
          if (stopped || Thread.currentThread().isInterrupted()) {
            return;
          }
          boolean inStartPeriod = Duration.between(startedAt, start).compareTo(schedule.startPeriod()) < 0;
          Health before = health;
          health = HealthTransitions.next(before, probe, inStartPeriod, schedule.retries());
          if (!health.status().equals(before.status())) {
            publish(health.status());
          }
        }
      } catch (InterruptedException e) {
        // unwatched
      }
    }

    private Probe probe(Instant start) {
      try {
        ExecResult r = exec.run(containerId, schedule.command(), schedule.timeout().toMillis(), MAX_OUTPUT);
        if (r.timedOut()) {
          return new Probe(start, Instant.now(), -1, schedule.timeoutMessage());
        }
        return new Probe(start, Instant.now(), r.exitCode(), r.output());
      } catch (RuntimeException e) {
        return new Probe(start, Instant.now(), -1, String.valueOf(e.getMessage()));
      }
    }

    private void publish(String status) {
      Map<String, String> attrs = new HashMap<>();
      try {
        attrs.putAll(attributes.apply(containerId));
      } catch (RuntimeException gone) {
        // the container went away while its probe ran: the event names it by ID only
      }
      events.publish("container", "health_status: " + status, containerId, attrs);
    }
  }

  /** The attributes function for a container lookup: Docker's name (without slash) and image. */
  public static Function<String, Map<String, String>> attributesOf(Function<String, ContainerView> lookup) {
    return id -> {
      ContainerView v = lookup.apply(id);
      String name = v.container().name();
      Map<String, String> attrs = new HashMap<>();
      attrs.put("name", name.startsWith("/") ? name.substring(1) : name);
      if (v.imageRef() != null) {
        attrs.put("image", v.imageRef());
      }
      return attrs;
    };
  }
}
