package dev.berth.registry;

import dev.berth.errors.BerthException;
import dev.berth.errors.SystemException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Runs the steps of one pull or push (a blob download or upload each, and a pull's in-order unpack), each on its
 * own virtual thread, and returns when all have finished. The first step to fail cancels the others, interrupting
 * them, and its error is thrown only once every step has stopped: when the caller sees the failure, nothing of the
 * transfer runs any more, so the caller may clean up what the steps left (a pull's snapshots) without racing them.
 * Pull and push share it because they share this shape; how many steps transfer at once is the steps' own affair
 * (a semaphore they share).
 */
public final class ParallelSteps {
  private ParallelSteps() {}

  /**
   * @param steps the steps, started in this order
   * @param what the transfer, for errors: {@code pulling from 127.0.0.1:5000/app}
   * @throws RuntimeException the first step's failure as it was thrown (a checked one wrapped in a
   *     {@link SystemException} naming {@code what}), or a {@link SystemException} when the caller is interrupted
   */
  public static void runAll(List<? extends Callable<?>> steps, String what) {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      ExecutorCompletionService<Object> done = new ExecutorCompletionService<>(threads);
      List<Future<Object>> futures = new ArrayList<>(steps.size());
      for (Callable<?> step : steps) futures.add(done.submit(step::call));
      try {
        for (int i = 0; i < futures.size(); i++) done.take().get();
      } catch (ExecutionException e) {
        futures.forEach(f -> f.cancel(true));
        throw rethrow(e.getCause(), what);
      } catch (InterruptedException e) {
        futures.forEach(f -> f.cancel(true));
        Thread.currentThread().interrupt();
        throw new SystemException(what + ": interrupted", e);
      }
    }
  }

  /**
   * A consumer that passes what steps report on many threads to {@code sink} one at a time, so that the sink (a
   * progress display) never sees two calls at once and sees each step's reports in the order it made them.
   */
  public static <T> Consumer<T> oneAtATime(Consumer<T> sink) {
    ReentrantLock lock = new ReentrantLock();
    return e -> {
      lock.lock();
      try {
        sink.accept(e);
      } finally {
        lock.unlock();
      }
    };
  }

  private static RuntimeException rethrow(Throwable cause, String what) {
    if (cause instanceof BerthException b) return b;
    if (cause instanceof RuntimeException r) return r;
    if (cause instanceof Error e) throw e;
    return new SystemException(what + ": " + cause, cause);
  }
}
