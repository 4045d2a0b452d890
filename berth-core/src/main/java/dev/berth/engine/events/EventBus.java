package dev.berth.engine.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Publishes engine events to subscribers and keeps the most recent ones, so that {@code /events?since=}
 * can replay the past. Subscribers are called on the publishing thread and must not block.
 */
public final class EventBus {
  private static final int KEEP = 1024;

  private final Object lock = new Object();
  private final Deque<Event> recent = new ArrayDeque<>();
  private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();

  public void publish(String type, String action, String actorId, Map<String, String> attributes) {
    java.time.Instant now = java.time.Instant.now();
    publish(new Event(type, action, actorId, attributes, now.getEpochSecond() * 1_000_000_000L + now.getNano()));
  }

  public void publish(Event event) {
    synchronized (lock) {
      recent.addLast(event);
      if (recent.size() > KEEP) recent.removeFirst();
      for (Consumer<Event> s : subscribers) s.accept(event);
    }
  }

  /**
   * Replays kept events at or after {@code sinceNano} (when non-negative) that match, then delivers new
   * ones until the returned subscription is closed. Replay and subscription happen under one lock, so no
   * event is lost or seen twice.
   */
  public Subscription subscribe(long sinceNano, Predicate<Event> filter, Consumer<Event> consumer) {
    Consumer<Event> filtered = e -> {
      if (filter.test(e)) consumer.accept(e);
    };
    synchronized (lock) {
      if (sinceNano >= 0) {
        for (Event e : new ArrayList<>(recent)) {
          if (e.timeNano() >= sinceNano) filtered.accept(e);
        }
      }
      subscribers.add(filtered);
    }
    return () -> subscribers.remove(filtered);
  }

  /** Closing stops delivery. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
