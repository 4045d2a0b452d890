package dev.berth.network.dns;

/** Waiting, boundedly, for a server loop whose socket was just closed to return. */
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
}
