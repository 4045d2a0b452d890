package dev.berth.daemon;

import dev.berth.engine.ImageReceiver;
import dev.berth.errors.InvalidArgumentException;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what senders that never came back left on this host: partial blob uploads and upload leases not
 * touched for {@code upload-expiry} (daemon.json; default 24 h). It sweeps once at start and then every
 * half expiry (at least every second, at most every hour), on a virtual thread of its own. A sender that comes
 * back within the expiry resumes where it stopped; after it, the blob is sent again from its start.
 */
final class UploadSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UploadSweeper.class);
  /** The default {@code upload-expiry}. */
  static final Duration DEFAULT_EXPIRY = Duration.ofHours(24);
  private static final Pattern PART = Pattern.compile("(\\d+)(h|m|s)");

  private final ImageReceiver receiver;
  private final Duration expiry;
  private final Thread thread;

  private UploadSweeper(ImageReceiver receiver, Duration expiry) {
    this.receiver = receiver;
    this.expiry = expiry;
    this.thread = Thread.ofVirtual().name("upload-sweeper").unstarted(this::run);
  }

  /** Sweeps now, then starts sweeping periodically. */
  static UploadSweeper start(ImageReceiver receiver, Duration expiry) {
    UploadSweeper sweeper = new UploadSweeper(receiver, expiry);
    sweeper.sweep();
    sweeper.thread.start();
    return sweeper;
  }

  /** How often the sweeper looks: half the expiry, within [1 s, 1 h]. */
  static Duration period(Duration expiry) {
    Duration half = expiry.dividedBy(2);
    if (half.compareTo(Duration.ofSeconds(1)) < 0) return Duration.ofSeconds(1);
    return half.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : half;
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(period(expiry));
        sweep();
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  void sweep() {
    try {
      ImageReceiver.Expired gone = receiver.expire(Instant.now().minus(expiry));
      if (!gone.uploads().isEmpty() || gone.leases() > 0) {
        LOG.info("removed {} abandoned upload(s) {} and {} lapsed lease(s), older than {}", gone.uploads().size(), gone.uploads(),
            gone.leases(), text(expiry));
      }
    } catch (RuntimeException e) {
      LOG.warn("sweeping abandoned uploads: {}", e.getMessage());
    }
  }

  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join();
  }

  /**
   * Parses a duration as daemon.json writes it, in Go's style: {@code 24h}, {@code 90m}, {@code 1h30m},
   * {@code 45s}.
   */
  static Duration parse(String key, String text) {
    String t = text.strip();
    Matcher m = PART.matcher(t);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofSeconds(n);
      });
      end = m.end();
    }
    if (t.isEmpty() || end != t.length() || total.isZero()) {
      throw new InvalidArgumentException(key + ": \"" + text + "\" is not a duration: write for example 24h, 90m, 1h30m or 45s");
    }
    return total;
  }

  /** {@code 24h0m0s} style, for logs. */
  static String text(Duration d) {
    return d.toHours() + "h" + d.toMinutesPart() + "m" + d.toSecondsPart() + "s";
  }
}
