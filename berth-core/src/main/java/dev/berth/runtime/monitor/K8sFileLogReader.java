package dev.berth.runtime.monitor;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's k8s-file log (as conmon writes it) back as {@link LogRecord}s, filtered by a
 * {@link LogQuery}. Rotated generations {@code <log>.N … <log>.1} are read before the live file when
 * present, oldest first. Following tails the live file by polling and survives conmon's truncation
 * (conmon renames a fresh file over the log when it passes its size cap): when the path's file changes, the
 * reader finishes the old one and continues at the start of the new one.
 */
public final class K8sFileLogReader {
  /** Receives records in order; returning false stops the read (the client went away). */
  @FunctionalInterface
  public interface Sink {
    boolean accept(LogRecord record) throws IOException;
  }

  private static final int MAX_GENERATIONS = 100;
  private final Path log;
  private final Duration pollInterval;

  public K8sFileLogReader(Path log) {
    this(log, Duration.ofMillis(100));
  }

  public K8sFileLogReader(Path log, Duration pollInterval) {
    this.log = log;
    this.pollInterval = pollInterval;
  }

  /** The matching records now in the log (the query's {@code follow} is ignored). */
  public List<LogRecord> read(LogQuery query) {
    List<LogRecord> out = new ArrayList<>();
    try {
      stream(query.withFollow(false), () -> false, r -> out.add(r));
    } catch (IOException e) {
      throw new SystemException("read log " + log + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemException("read log " + log + ": interrupted", e);
    }
    return out;
  }

  /**
   * Sends the matching records to {@code sink}; with {@code query.follow()} keeps sending new ones until
   * {@code running} turns false (and everything written before is sent), an entry passes {@code until}, or
   * the sink declines.
   */
  public void stream(LogQuery query, BooleanSupplier running, Sink sink) throws IOException, InterruptedException {
    Deque<LogRecord> backlog = new ArrayDeque<>();
    for (Path generation : rotatedGenerations()) {
      try (LineTail old = LineTail.open(generation)) {
        collect(old.completeLines(), query, backlog);
      }
    }
    LineTail live = LineTail.open(log);
    try {
      boolean pastUntil = collect(live.completeLines(), query, backlog);
      for (LogRecord r : backlog) {
        if (!sink.accept(r)) {
          return;
        }
      }
      if (query.follow() && !pastUntil) {
        follow(live, query, running, sink);
      }
    } finally {
      live.close();
    }
  }

  private void follow(LineTail live, LogQuery query, BooleanSupplier running, Sink sink)
      throws IOException, InterruptedException {
    LineTail current = live;
    try {
      while (true) {
        boolean stillRunning = running.getAsBoolean();
        List<String> lines = current.completeLines();
        if (current.replacedOnDisk()) {
          current.close();
          current = LineTail.open(log);
          lines = new ArrayList<>(lines);
          lines.addAll(current.completeLines());
        }
        for (String line : lines) {
          LogRecord r = parse(line);
          if (query.pastUntil(r)) {
            return;
          }
          if (query.accepts(r) && !sink.accept(r)) {
            return;
          }
        }
        if (!stillRunning) {
          return;
        }
        if (lines.isEmpty()) {
          Thread.sleep(pollInterval);
        }
      }
    } finally {
      if (current != live) {
        current.close();
      }
    }
  }

  /** Adds the accepted records, keeping only the last {@code tail}; true once a record passed until. */
  private boolean collect(List<String> lines, LogQuery query, Deque<LogRecord> backlog) {
    for (String line : lines) {
      LogRecord r = parse(line);
      if (query.pastUntil(r)) {
        return true;
      }
      if (!query.accepts(r)) {
        continue;
      }
      backlog.addLast(r);
      if (query.tail() >= 0 && backlog.size() > query.tail()) {
        backlog.removeFirst();
      }
    }
    return false;
  }

  private LogRecord parse(String line) {
    try {
      return LogRecord.parseK8s(line);
    } catch (InvalidArgumentException e) {
      throw new InvalidArgumentException(e.getMessage() + " in " + log, e);
    }
  }

  private List<Path> rotatedGenerations() {
    List<Path> found = new ArrayList<>();
    for (int n = 1; n <= MAX_GENERATIONS; n++) {
      Path p = log.resolveSibling(log.getFileName() + "." + n);
      if (!Files.exists(p)) {
        break;
      }
      found.addFirst(p);
    }
    return found;
  }
}
