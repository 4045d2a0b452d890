package dev.berth.engine.container;

import dev.berth.errors.SystemException;
import dev.berth.sys.DirectoryWatcher;
import dev.berth.sys.Inotify;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches conmon's exit directory ({@code <execRoot>/exits}) and reports the name of each exit file that appears
 * or changes: a container whose process ended. Each report runs on its own virtual thread, so a slow exit never
 * delays another. Every few seconds a sweep runs too, which catches what the watch cannot tell (a monitor killed
 * before it wrote its file, an overflowed event queue) and does periodic chores such as log rotation.
 *
 * <p>The watch is the process's shared inotify reader ({@link DirectoryWatcher#shared()}), which starts the report
 * straight from the event it reads; where that is unavailable, the JDK's WatchService, whose poller thread and
 * queue add a hop on the way.
 */
final class ExitWatcher implements AutoCloseable {
  private static final Logger LOG = System.getLogger(ExitWatcher.class.getName());
  private static final long SWEEP_SECONDS = 2;
  private static final int MASK = Inotify.IN_CREATE | Inotify.IN_MODIFY | Inotify.IN_CLOSE_WRITE | Inotify.IN_MOVED_TO;

  private final AutoCloseable watch;
  private final Thread thread;

  private ExitWatcher(AutoCloseable watch, Thread thread) {
    this.watch = watch;
    this.thread = thread;
  }

  /** Starts watching {@code exitDir} (created if missing). */
  static ExitWatcher start(Path exitDir, Consumer<String> onExit, Runnable sweep) {
    return start(exitDir, onExit, sweep, DirectoryWatcher.shared());
  }

  /** As {@link #start(Path, Consumer, Runnable)}, through {@code inotify} or, when it is empty, the WatchService. */
  static ExitWatcher start(Path exitDir, Consumer<String> onExit, Runnable sweep, Optional<DirectoryWatcher> inotify) {
    try {
      Files.createDirectories(exitDir);
      if (inotify.isPresent()) {
        try {
          return throughInotify(inotify.get(), exitDir, onExit, sweep);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "watching " + exitDir + " through the WatchService: " + e.getMessage());
        }
      }
      return throughWatchService(exitDir, onExit, sweep);
    } catch (IOException e) {
      throw new SystemException("watching container exits in " + exitDir + ": " + e.getMessage(), e);
    }
  }

  private static ExitWatcher throughInotify(DirectoryWatcher inotify, Path exitDir, Consumer<String> onExit,
      Runnable sweep) throws IOException {
    DirectoryWatcher.Subscription s = inotify.watch(exitDir, MASK, e -> {
      if (e.overflow()) {
        Thread.ofVirtual().start(sweep);
      } else if (e.name() != null) {
        Thread.ofVirtual().start(() -> onExit.accept(e.name()));
      }
    });
    Thread sweeper = Thread.ofVirtual().name("berth-exit-sweep").start(() -> sweepEvery(sweep));
    return new ExitWatcher(s, sweeper);
  }

  private static void sweepEvery(Runnable sweep) {
    try {
      while (true) {
        Thread.sleep(TimeUnit.SECONDS.toMillis(SWEEP_SECONDS));
        Thread.ofVirtual().start(sweep);
      }
    } catch (InterruptedException stopped) {
      // closed by the engine
    }
  }

  private static ExitWatcher throughWatchService(Path exitDir, Consumer<String> onExit, Runnable sweep)
      throws IOException {
    WatchService ws = FileSystems.getDefault().newWatchService();
    exitDir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
    Thread loop = Thread.ofPlatform().daemon().name("berth-exit-watcher").start(() -> loop(ws, onExit, sweep));
    return new ExitWatcher(ws, loop);
  }

  private static void loop(WatchService watch, Consumer<String> onExit, Runnable sweep) {
    long nextSweep = System.nanoTime() + TimeUnit.SECONDS.toNanos(SWEEP_SECONDS);
    try {
      while (true) {
        WatchKey key = watch.poll(Math.max(0, nextSweep - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (System.nanoTime() - nextSweep >= 0) {
          nextSweep = System.nanoTime() + TimeUnit.SECONDS.toNanos(SWEEP_SECONDS);
          Thread.ofVirtual().start(sweep);
        }
        if (key == null) {
          continue;
        }
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            Thread.ofVirtual().start(sweep);
          } else if (event.context() instanceof Path name) {
            String id = name.getFileName().toString();
            Thread.ofVirtual().start(() -> onExit.accept(id));
          }
        }
        key.reset();
      }
    } catch (ClosedWatchServiceException | InterruptedException stopped) {
      // closed by the engine
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "the container exit watcher stopped: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      watch.close();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "closing the exit watcher: " + e.getMessage());
    }
    thread.interrupt();
  }
}
