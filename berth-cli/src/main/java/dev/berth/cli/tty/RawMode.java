package dev.berth.cli.tty;

import java.io.IOException;

/**
 * Raw mode held for the length of a try block: on at {@link #enter}, off at {@link #close}, and off also when
 * the JVM is ended by SIGINT or SIGTERM (a shutdown hook), so that the user never gets back a terminal that
 * neither echoes nor handles lines. Closing twice restores once.
 */
public final class RawMode implements AutoCloseable {
  private final Tty tty;
  private final String saved;
  private final Thread hook;
  private boolean restored;

  private RawMode(Tty tty, String saved) {
    this.tty = tty;
    this.saved = saved;
    this.hook = new Thread(this::restoreQuietly, "berth-restore-terminal");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Puts the terminal in raw mode; a failure leaves it as it was. */
  public static RawMode enter(Tty tty) throws IOException {
    return new RawMode(tty, tty.makeRaw());
  }

  private synchronized void restoreQuietly() {
    if (restored) return;
    restored = true;
    try {
      tty.restore(saved);
    } catch (IOException e) {
      // nothing better to do while the JVM goes down
    }
  }

  @Override
  public void close() throws IOException {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook restores
    }
    synchronized (this) {
      if (restored) return;
      restored = true;
    }
    tty.restore(saved);
  }
}
