package dev.berth.engine.container;

import dev.berth.errors.SystemException;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches conmon's exit directory ({@code <execRoot>/exits}) with inotify, through the JDK's WatchService,
 * and reports the name of each exit file that appears or changes: a container whose process ended. Each report
 * runs on its own virtual thread, so a slow exit never delays another. Every few seconds a sweep runs too,
 * which catches what inotify cannot tell (a monitor killed before it wrote its file, an overflowed event
 * queue) and does periodic chores such as log rotation.
 */
final class ExitWatcher implements AutoCloseable {
  private static final Logger LOG = System.getLogger(ExitWatcher.class.getName());
  private static final long SWEEP_SECONDS = 2;

  private final WatchService watch;
  private final Thread thread;

  private ExitWatcher(WatchService watch, Path dir, Consumer<String> onExit, Runnable sweep) {
    this.watch = watch;
    this.thread = Thread.ofPlatform().daemon().name("berth-exit-watcher").unstarted(() -> loop(onExit, sweep));
  }

  /** Starts watching {@code exitDir} (created if missing). */
  static ExitWatcher start(Path exitDir, Consumer<String> onExit, Runnable sweep) {
    try {
      Files.createDirectories(exitDir);
      WatchService ws = FileSystems.getDefault().newWatchService();
      exitDir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      ExitWatcher w = new ExitWatcher(ws, exitDir, onExit, sweep);
      w.thread.start();
      return w;
    } catch (IOException e) {
      throw new SystemException("watching container exits in " + exitDir + ": " + e.getMessage(), e);
    }
  }

  private void loop(Consumer<String> onExit, Runnable sweep) {
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
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing the exit watcher: " + e.getMessage());
    }
  }
}
