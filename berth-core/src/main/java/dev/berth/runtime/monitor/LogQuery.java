package dev.berth.runtime.monitor;

import dev.berth.errors.InvalidArgumentException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which log entries to read, with Docker's meaning ({@code GET /containers/{id}/logs}): entries at or after
 * {@code since} and at or before {@code until} (null: unbounded), of the chosen streams, only the last
 * {@code tail} of them (-1: all), and with {@code follow} keep waiting for new ones until the container ends.
 */
public record LogQuery(Instant since, Instant until, int tail, boolean follow, Set<LogStream> streams) {
  public LogQuery {
    if (tail < -1) {
      throw new InvalidArgumentException("read log: tail must be -1 (all) or >= 0, got " + tail);
    }
    if (since != null && until != null && until.isBefore(since)) {
      throw new InvalidArgumentException("read log: until " + until + " is before since " + since);
    }
    streams = streams == null || streams.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(streams));
  }

  /** Every entry of both streams, without following. */
  public static final LogQuery ALL = new LogQuery(null, null, -1, false, EnumSet.allOf(LogStream.class));

  public LogQuery withTail(int n) {
    return new LogQuery(since, until, n, follow, streams);
  }

  public LogQuery withSince(Instant t) {
    return new LogQuery(t, until, tail, follow, streams);
  }

  public LogQuery withUntil(Instant t) {
    return new LogQuery(since, t, tail, follow, streams);
  }

  public LogQuery withFollow(boolean f) {
    return new LogQuery(since, until, tail, f, streams);
  }

  public LogQuery withStreams(Set<LogStream> s) {
    return new LogQuery(since, until, tail, follow, s);
  }

  /** Whether a record passes the stream and time filters ({@code tail} is applied by the reader). */
  boolean accepts(LogRecord r) {
    return streams.contains(r.stream())
        && (since == null || !r.time().isBefore(since))
        && (until == null || !r.time().isAfter(until));
  }

  boolean pastUntil(LogRecord r) {
    return until != null && r.time().isAfter(until);
  }
}
