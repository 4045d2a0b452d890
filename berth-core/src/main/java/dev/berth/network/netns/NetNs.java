package dev.berth.network.netns;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** A network namespace bind-mounted at {@code path}; the file exists as long as the namespace is kept. */
public record NetNs(Path path) {
  /**
   * Makes a new namespace at {@code dir/name} with its loopback up (runc brings {@code lo} up only in a namespace
   * it makes itself). SystemException when the kernel refuses; nothing is left then.
   */
  public static NetNs create(Path dir, String name) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Unmounts and removes it; quiet when it is already gone. */
  public void delete() {
    throw new UnsupportedOperationException("not yet written");
  }

  /**
   * Runs {@code action} on a platform thread that has entered this namespace, and returns its result; sockets
   * the action opens stay in the namespace after the thread leaves it.
   */
  public <T> T inside(Callable<T> action) {
    throw new UnsupportedOperationException("not yet written");
  }
}
