package dev.berth.cli.transfer;

import dev.berth.cli.format.Units;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The lines that show a layer in flight, as docker's push shows them: {@code 3f4a5b6c7d8e: Pushing
 * [=========>            ]  12.5MB/31MB}. They are throttled: on a terminal at most one a second per layer, off a
 * terminal (a log, a CI job) at most one every ten seconds, so that a small layer prints none and a big one a few.
 * The line that says a layer is settled ({@code Pushed}) is not this class's job.
 */
public final class InFlightLines {
  /** How often a layer's line may repeat on a terminal. */
  public static final Duration ON_TERMINAL = Duration.ofSeconds(1);
  /** How often off a terminal. */
  public static final Duration OFF_TERMINAL = Duration.ofSeconds(10);
  private static final int BAR = 30;

  private final Clock clock;
  private final Duration every;
  private final Consumer<String> out;
  /** When each blob's last line was printed (or its sending began). */
  private final Map<String, Instant> last = new ConcurrentHashMap<>();

  public InFlightLines(Clock clock, boolean terminal, Consumer<String> out) {
    this.clock = clock;
    this.every = terminal ? ON_TERMINAL : OFF_TERMINAL;
    this.out = out;
  }

  /** Told that {@code done} of the layer's {@code size} bytes have been sent; prints when the throttle allows. */
  public void sending(String digest, long done, long size) {
    Instant now = clock.instant();
    Instant previous = last.putIfAbsent(digest, now);
    if (previous == null || done >= size) return; // the first call starts the clock; the end is the settled line's
    if (Duration.between(previous, now).compareTo(every) < 0) return;
    last.put(digest, now);
    out.accept(line(digest, done, size));
  }

  /** {@code <12 hex>: Pushing [====>      ]  1.5MB/31MB}. */
  static String line(String digest, long done, long size) {
    int filled = size <= 0 ? 0 : (int) Math.min(BAR, done * BAR / size);
    String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(BAR - filled);
    return shortId(digest) + ": Pushing [" + bar + "]  " + Units.humanSize(done) + "/" + Units.humanSize(size);
  }

  /** The first 12 hex digits of a digest, as docker names layers. */
  public static String shortId(String digest) {
    int colon = digest.indexOf(':');
    return digest.substring(colon + 1, Math.min(digest.length(), colon + 13));
  }
}
