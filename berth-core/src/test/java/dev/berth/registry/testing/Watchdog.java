package dev.berth.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kills a started process and deletes its temp dir if this JVM dies without closing it. A JVM killed by SIGKILL (a
 * fork timeout, a stopped session) runs no shutdown hook, so the cleanup lives outside it: a tiny shell blocked on a
 * pipe whose only writer is this JVM. When the JVM dies the pipe reaches end-of-file, and the shell stops the
 * process (TERM, then KILL) and removes the dir. A normal close kills the shell first, so it does nothing.
 */
final class Watchdog implements AutoCloseable {
  private static final String SCRIPT = "read -r _; kill -TERM \"$1\" 2>/dev/null; sleep 2; "
      + "kill -KILL \"$1\" 2>/dev/null; rm -rf -- \"$2\"";

  private final Process shell;

  private Watchdog(Process shell) {
    this.shell = shell;
  }

  static Watchdog guard(Process process, Path dir) {
    try {
      Process shell = new ProcessBuilder(List.of("sh", "-c", SCRIPT, "berth-test-watchdog",
          Long.toString(process.pid()), dir.toString()))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      return new Watchdog(shell);
    } catch (IOException e) {
      throw new UncheckedIOException("start a watchdog for process " + process.pid() + ": " + e.getMessage(), e);
    }
  }

  /** Stands the watchdog down (SIGKILL: the shell gets no chance to act). */
  @Override
  public void close() {
    shell.destroyForcibly();
    try {
      shell.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
