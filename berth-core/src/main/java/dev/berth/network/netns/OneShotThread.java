package dev.berth.network.netns;

import java.util.concurrent.Callable;

/**
 * Runs one task on a fresh platform thread and hands back its outcome. Namespace calls (unshare, setns) change
 * only the thread that makes them, so they must run on a thread nobody else will ever use: a platform thread of
 * our own that ends with the task (its kernel task goes with it), never a virtual thread, whose carrier is shared,
 * nor the caller, whose namespace must never change.
 */
final class OneShotThread {
  private OneShotThread() {}

  /** What the task returned or threw. */
  private record Outcome<T>(T value, Throwable failure) {}

  /**
   * Runs {@code task} on a new platform thread named {@code name} and waits for it, without giving up on an
   * interrupt (the task is short and must not be left half done); the caller's interrupt flag is kept.
   */
  static <T> T run(String name, Callable<T> task) throws Exception {
    Outcome<T>[] box = newBox();
    Thread t = Thread.ofPlatform().name(name).daemon(true).unstarted(() -> {
      try {
        box[0] = new Outcome<>(task.call(), null);
      } catch (Throwable e) {
        box[0] = new Outcome<>(null, e);
      }
    });
    t.start();
    joinUninterruptibly(t);
    Outcome<T> o = box[0];
    if (o.failure() == null) return o.value();
    if (o.failure() instanceof Exception e) throw e;
    if (o.failure() instanceof Error e) throw e;
    throw new IllegalStateException(o.failure());
  }

  @SuppressWarnings("unchecked")
  private static <T> Outcome<T>[] newBox() {
    return (Outcome<T>[]) new Outcome<?>[1];
  }

  private static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }
}
