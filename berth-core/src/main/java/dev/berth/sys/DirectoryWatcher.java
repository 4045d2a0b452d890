package dev.berth.sys;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Directories watched through one {@link Inotify} instance, read by one platform thread that hands each event
 * straight to the listeners of its directory. A platform thread, because the read blocks in native code, which
 * would pin a virtual thread's carrier for as long as it waits.
 *
 * <p>Listeners run on the reading thread, so they must be quick: release a waiter, start a virtual thread. An
 * overflow of the kernel's queue (events lost) is given to every listener, as an event with
 * {@link Inotify#IN_Q_OVERFLOW} and no name, so that each can look for itself.
 */
public final class DirectoryWatcher implements AutoCloseable {
  private static final Logger LOG = System.getLogger(DirectoryWatcher.class.getName());

  private final Inotify inotify;
  private final Thread reader;
  /** Listeners by watch descriptor; owned by this object's lock (the lists themselves are safe to iterate). */
  private final Map<Integer, List<Consumer<Inotify.Event>>> listeners = new HashMap<>();

  private DirectoryWatcher(Inotify inotify, String threadName) {
    this.inotify = inotify;
    this.reader = Thread.ofPlatform().daemon().name(threadName).unstarted(this::loop);
  }

  /**
   * The process's shared watcher (one descriptor, one thread, for as long as the process runs), or empty where
   * inotify is unavailable (callers then poll, as before). Shared because its users (a container's start, the
   * exit watcher) come and go with engines that tests make many of, while the thread costs nothing idle.
   */
  public static java.util.Optional<DirectoryWatcher> shared() {
    return Shared.WATCHER;
  }

  private static final class Shared {
    static final java.util.Optional<DirectoryWatcher> WATCHER = open();

    private static java.util.Optional<DirectoryWatcher> open() {
      try {
        return java.util.Optional.of(start("berth-inotify"));
      } catch (IOException | RuntimeException | LinkageError e) {
        LOG.log(Level.WARNING, "inotify is unavailable, polling files instead: " + e.getMessage());
        return java.util.Optional.empty();
      }
    }
  }

  /** A watcher whose reading thread is called {@code threadName}; fails where inotify is unavailable. */
  public static DirectoryWatcher start(String threadName) throws IOException {
    DirectoryWatcher w = new DirectoryWatcher(Inotify.open(), threadName);
    w.reader.start();
    return w;
  }

  /** A registration; closing it stops the events to its listener (and the watch, when it was the last). */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Gives {@code listener} the events of {@code mask} in {@code dir} from now on. Watching a directory twice
   * shares one kernel watch, whose mask is then the union of both.
   */
  public Subscription watch(Path dir, int mask, Consumer<Inotify.Event> listener) throws IOException {
    int wd;
    synchronized (this) {
      wd = inotify.addWatch(dir, mask | Inotify.IN_MASK_ADD);
      listeners.computeIfAbsent(wd, k -> new CopyOnWriteArrayList<>()).add(listener);
    }
    return () -> unwatch(wd, listener);
  }

  private void unwatch(int wd, Consumer<Inotify.Event> listener) {
    synchronized (this) {
      List<Consumer<Inotify.Event>> list = listeners.get(wd);
      if (list == null || !list.remove(listener) || !list.isEmpty()) {
        return;
      }
      listeners.remove(wd);
      inotify.removeWatch(wd);
    }
  }

  private void loop() {
    try {
      while (true) {
        for (Inotify.Event e : inotify.read(null)) {
          dispatch(e);
        }
      }
    } catch (ClosedChannelException closed) {
      // close() was called
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, "the directory watcher " + reader.getName() + " stopped: " + e.getMessage(), e);
    }
  }

  private void dispatch(Inotify.Event e) {
    List<Consumer<Inotify.Event>> targets;
    synchronized (this) {
      if (e.overflow()) {
        targets = listeners.values().stream().flatMap(List::stream).toList();
      } else if (e.watchGone()) {
        // the directory was deleted (or the watch removed): its descriptor may be given to a new watch later
        List<Consumer<Inotify.Event>> gone = listeners.remove(e.wd());
        targets = gone == null ? List.of() : new ArrayList<>(gone);
      } else {
        List<Consumer<Inotify.Event>> l = listeners.get(e.wd());
        targets = l == null ? List.of() : l;
      }
    }
    for (Consumer<Inotify.Event> l : targets) {
      try {
        l.accept(e);
      } catch (RuntimeException ex) {
        LOG.log(Level.WARNING, "a listener of " + reader.getName() + " failed: " + ex.getMessage(), ex);
      }
    }
  }

  /** Stops the reading thread and the instance; waits briefly for the thread, so nothing of it outlives this. */
  @Override
  public void close() {
    inotify.close();
    try {
      reader.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
