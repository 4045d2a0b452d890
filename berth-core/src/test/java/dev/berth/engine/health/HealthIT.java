package dev.berth.engine.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.ContainerView;
import dev.berth.engine.events.Event;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.exec.LocalExecService;
import dev.berth.engine.exec.RuncContainers;
import dev.berth.runtime.container.Healthcheck;
import dev.berth.runtime.specgen.HostFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A HEALTHCHECK run by exec in a real runc container. Every container is deleted afterwards. */
class HealthIT {
  private static final long MS = 1_000_000L;

  private RuncContainers containers;
  private LocalExecService execs;
  private HealthMonitor monitor;
  private final EventBus events = new EventBus();
  private final List<Event> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    containers = new RuncContainers();
    execs = new LocalExecService(containers, containers.runc(), events, containers.execDir(), HostFacts.current());
    monitor = new HealthMonitor(execs, events, HealthMonitor.attributesOf(containers::find));
    events.subscribe(-1, e -> e.action().startsWith("health_status"), seen::add);
  }

  @AfterEach
  void tearDown() throws IOException {
    monitor.close();
    execs.close();
    containers.close();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 30 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void watch_fileDisappears_healthyThenUnhealthyWithEvents() throws Exception {
    ContainerView box = containers.start("web");
    String id = box.container().id().hex();
    Path ok = box.rootfs().resolve("tmp/ok");
    Files.writeString(ok, "fine\n");
    monitor.watch(id, new Healthcheck(List.of("CMD-SHELL", "cat /tmp/ok"), 200 * MS, 5_000 * MS, 0, 0, 2));

    await(() -> monitor.health(id).status().equals("healthy"));
    assertThat(monitor.health(id).log().getLast().output()).isEqualTo("fine\n");
    Files.delete(ok);
    await(() -> monitor.health(id).status().equals("unhealthy"));

    ContainerView.Health h = monitor.health(id);
    assertThat(h.failingStreak()).isGreaterThanOrEqualTo(2);
    assertThat(h.log().getLast().exitCode()).isEqualTo(1);
    assertThat(h.log().getLast().output()).contains("/tmp/ok");
    assertThat(seen).extracting(Event::action).containsExactly("health_status: healthy", "health_status: unhealthy");
    assertThat(seen).allSatisfy(e -> assertThat(e.attributes()).containsEntry("name", "web"));
  }

  @Test
  void watch_probePastItsTimeout_isKilledAndCountsAsFailure() throws Exception {
    ContainerView box = containers.start("slow");
    String id = box.container().id().hex();
    monitor.watch(id, new Healthcheck(List.of("CMD", "sleep", "30"), 100 * MS, 300 * MS, 0, 0, 1));
    await(() -> monitor.health(id).status().equals("unhealthy"));
    assertThat(monitor.health(id).log().getFirst().output()).isEqualTo("Health check exceeded timeout (300ms)");
    monitor.unwatch(id);
    await(() -> containers.runc().ps(id).size() == 1);
  }
}
