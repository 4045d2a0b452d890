package dev.berth.proxy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current backend pool of a forwarder and its health prober. A retarget swaps the pool: connections already
 * made keep the socket they have (they drain to the old target) and every later connection asks the new pool.
 * The prober is one virtual thread that wakes every probe interval and tests the backends marked down.
 */
final class Targets implements AutoCloseable {
  private final AtomicReference<BackendPool> current;
  private final Duration connectTimeout;
  private final Thread prober;

  Targets(List<Backend> backends, ProxyOptions options) {
    this.current = new AtomicReference<>(new BackendPool(backends));
    this.connectTimeout = options.connectTimeout();
    Duration interval = options.probeInterval();
    this.prober = Thread.ofVirtual().name("berth-proxy-probe").start(() -> probeLoop(interval));
  }

  BackendPool pool() {
    return current.get();
  }

  void retarget(List<Backend> backends) {
    current.set(new BackendPool(backends));
  }

  private void probeLoop(Duration interval) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(interval);
        BackendPool pool = current.get();
        if (pool.anyDown()) pool.probe(connectTimeout);
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  @Override
  public void close() {
    prober.interrupt();
  }
}
