package dev.berth.runtime.monitor;

import dev.berth.sys.DirectoryWatcher;
import dev.berth.sys.Inotify;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A wake-up for a thread that waits on files in one directory: each file created, written, closed or renamed
 * there ends the current {@link #await} at once, and the waiter then looks at the files itself. Through the
 * process's shared inotify watcher; where that is unavailable, or the directory cannot be watched, every
 * {@code await} is a {@link #FALLBACK} sleep instead, so the waiter polls as before.
 *
 * <p>Waiting this way costs a virtual thread nothing: the inotify read blocks on the watcher's own platform thread,
 * and the waiter parks on a semaphore.
 */
final class FileChanges implements AutoCloseable {
  private static final Logger LOG = System.getLogger(FileChanges.class.getName());
  /** The polling interval without inotify. */
  static final Duration FALLBACK = Duration.ofMillis(1);
  private static final int MASK = Inotify.IN_CREATE | Inotify.IN_MODIFY | Inotify.IN_CLOSE_WRITE | Inotify.IN_MOVED_TO;

  private final Semaphore changed = new Semaphore(0);
  private final DirectoryWatcher.Subscription subscription;

  private FileChanges(Optional<DirectoryWatcher> watcher, Path dir) {
    DirectoryWatcher.Subscription s = null;
    if (watcher.isPresent()) {
      try {
        s = watcher.get().watch(dir, MASK, e -> changed.release());
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "polling " + dir + " instead of watching it: " + e.getMessage());
      }
    }
    this.subscription = s;
  }

  /** Changes in {@code dir} (which must exist), from now on. */
  static FileChanges in(Path dir) {
    return new FileChanges(DirectoryWatcher.shared(), dir);
  }

  /** Changes in {@code dir} seen through {@code watcher}, or polling when it is empty. */
  static FileChanges in(Path dir, Optional<DirectoryWatcher> watcher) {
    return new FileChanges(watcher, dir);
  }

  /** Whether changes wake the waiter (false: it polls). */
  boolean watching() {
    return subscription != null;
  }

  /**
   * Returns after the next change since the previous call, or after {@code max} without one; when polling,
   * after {@link #FALLBACK}. Changes that came since the previous call end it at once.
   */
  void await(Duration max) throws InterruptedException {
    if (subscription == null) {
      Thread.sleep(FALLBACK);
      return;
    }
    if (changed.tryAcquire(max.toNanos(), TimeUnit.NANOSECONDS)) {
      changed.drainPermits();
    }
  }

  @Override
  public void close() {
    if (subscription != null) {
      subscription.close();
    }
  }
}
