package dev.berth.proxy;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recycles the direct buffers of finished connections. Allocating a large direct buffer zeroes it and registers a
 * cleaner, which costs more than a short connection's whole copy; keeping a few makes the connection rate cheap.
 */
final class BufferPool {
  private static final int KEPT = 64;
  private final int size;
  private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
  private final AtomicInteger kept = new AtomicInteger();

  BufferPool(int size) {
    this.size = size;
  }

  ByteBuffer take() {
    ByteBuffer b = free.poll();
    if (b == null) return ByteBuffer.allocateDirect(size);
    kept.decrementAndGet();
    return b.clear();
  }

  void give(ByteBuffer b) {
    if (kept.incrementAndGet() <= KEPT) {
      free.offer(b);
    } else {
      kept.decrementAndGet();
    }
  }
}
