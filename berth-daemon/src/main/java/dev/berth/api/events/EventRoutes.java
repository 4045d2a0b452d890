package dev.berth.api.events;

import dev.berth.api.ApiContext;
import dev.berth.api.Exchange;
import dev.berth.api.Router;
import dev.berth.engine.events.Event;
import dev.berth.engine.events.EventBus;
import dev.berth.oci.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /events}: the headers go out at once, then one JSON message per event. With {@code since} the
 * kept past is replayed first; with {@code until} the stream ends at that time (at once when it is past).
 * The bus calls subscribers on the publisher's thread, so events are handed over through a queue and the
 * publisher never waits for a slow client.
 */
public final class EventRoutes {
  private static final long POLL_MILLIS = 500;

  private final EventBus bus;

  public EventRoutes(ApiContext context) {
    this.bus = context.events();
  }

  public void register(Router.Builder r) {
    r.get("/events", this::events);
  }

  void events(Exchange ex) throws IOException, InterruptedException {
    EventQuery query = EventQuery.of(ex.request());
    BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    try (Exchange.ResponseStream out = ex.stream(200, "application/json");
        EventBus.Subscription ignored = bus.subscribe(query.replayFromNano(), query::matches, queue::add)) {
      out.commit();
      while (ex.isOpen()) {
        long left = query.untilNano() < 0 ? Long.MAX_VALUE : query.untilNano() - nowNanos();
        Event e = left <= 0 ? queue.poll() : queue.poll(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)), TimeUnit.MILLISECONDS);
        if (e != null) {
          out.write(Json.write(EventMessage.of(e)));
          out.write('\n');
          out.flush();
        } else if (left <= 0) {
          break;
        }
      }
    }
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
