package dev.berth.engine.image;

import dev.berth.oci.Digest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The layer snapshots (by chain ID) that unpacks in flight rely on: each unpack leases every chain it walks
 * through, from before it looks the chain up until its image is registered or given up. A failed pull removes
 * the snapshots it committed itself, but only those no other unpack holds, so that two pulls sharing a base
 * never pull a snapshot from under each other. Garbage collection needs no lease: it runs under the image
 * service's write lock, when no unpack runs. Owned by one lock.
 */
final class ChainLeases {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Digest, Integer> holders = new HashMap<>();

  void acquire(Digest chain) {
    lock.lock();
    try {
      holders.merge(chain, 1, Integer::sum);
    } finally {
      lock.unlock();
    }
  }

  void release(Digest chain) {
    lock.lock();
    try {
      holders.computeIfPresent(chain, (c, n) -> n == 1 ? null : n - 1);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Releases the caller's lease and, when nobody else holds one, runs {@code remove} before anyone can lease
   * the chain again. Returns whether it ran.
   */
  boolean releaseAndRemoveIfLast(Digest chain, Runnable remove) {
    lock.lock();
    try {
      boolean last = holders.getOrDefault(chain, 0) <= 1;
      holders.computeIfPresent(chain, (c, n) -> n == 1 ? null : n - 1);
      if (last) remove.run();
      return last;
    } finally {
      lock.unlock();
    }
  }
}
