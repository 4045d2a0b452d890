package dev.berth.api.containers;

import dev.berth.api.Exchange;
import dev.berth.api.Request;
import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerView;
import dev.berth.oci.Json;
import java.io.IOException;
import java.time.Duration;

/**
 * {@code GET /containers/{id}/stats?stream&one-shot}. Streaming (the default) writes a JSON line at once and
 * then one a second, each with the previous sample as {@code precpu_stats}, until the client leaves or the container stops.
 * {@code stream=false} answers one sample; without {@code one-shot} it first waits a second for a previous
 * sample, as Docker does, so the CLI can compute a CPU percentage.
 */
final class StatsHandler {
  static final Duration INTERVAL = Duration.ofSeconds(1);

  private final ContainerService containers;

  StatsHandler(ContainerService containers) {
    this.containers = containers;
  }

  void handle(Exchange ex) throws IOException, InterruptedException {
    Request req = ex.request();
    String ref = req.pathParam("id");
    ContainerView view = containers.inspect(ref);
    String id = view.container().id().hex();
    String name = view.container().name();
    boolean stream = req.param("stream") == null || req.flag("stream");
    if (!stream) {
      ContainerService.Stats previous = req.flag("one-shot") ? null : containers.stats(ref);
      if (previous != null) Thread.sleep(INTERVAL);
      ex.json(200, StatsJson.of(id, name, containers.stats(ref), previous));
      return;
    }
    try (Exchange.ResponseStream out = ex.stream(200, "application/json")) {
      ContainerService.Stats previous = null;
      while (ex.isOpen()) {
        ContainerService.Stats now;
        try {
          now = containers.stats(ref);
        } catch (RuntimeException e) {
          if (previous == null) throw e; // nothing sent yet: a proper error answer
          return; // the container stopped or went away: the stream ends, as Docker's does
        }
        out.write(Json.write(StatsJson.of(id, name, now, previous)));
        out.write('\n');
        out.flush();
        previous = now;
        Thread.sleep(INTERVAL);
      }
    }
  }
}
