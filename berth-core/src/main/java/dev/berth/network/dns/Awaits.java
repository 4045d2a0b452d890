package dev.berth.network.dns;

/** The server loops' waits: for a loop whose socket was just closed, and after a failed receive or accept. */
final class Awaits {
  /** Long enough for a loop woken by its socket's close; a loop stuck past it is left behind, not waited on. */
  private static final long LIMIT_MILLIS = 2_000;

  private Awaits() {}

  static void end(Thread loop) {
    if (loop == null || loop == Thread.currentThread()) return;
    try {
      loop.join(LIMIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A short pause after a receive or accept failed on an open socket (out of file descriptors, say), so the
   * loop retries instead of spinning on a failure that lasts.
   */
  static void backOff() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
