package dev.berth.proxy;

import java.util.concurrent.atomic.LongAdder;

/** A forwarder's running totals, updated from many connection threads without a lock. */
final class Meter {
  private final LongAdder connections = new LongAdder();
  private final LongAdder open = new LongAdder();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final LongAdder spliced = new LongAdder();

  void opened() {
    connections.increment();
    open.increment();
  }

  void closed() {
    open.decrement();
  }

  /** Bytes from a client toward a backend. */
  void in(long n) {
    bytesIn.add(n);
  }

  /** Bytes from a backend back to a client. */
  void out(long n) {
    bytesOut.add(n);
  }

  /** A direction of a connection moved to splice(2). */
  void spliced() {
    spliced.increment();
  }

  /** How many directions moved to splice(2) so far (for tests and the benchmark's check). */
  long splicedDirections() {
    return spliced.sum();
  }

  Counters snapshot() {
    return new Counters(connections.sum(), open.sum(), bytesIn.sum(), bytesOut.sum());
  }
}
