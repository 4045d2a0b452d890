package dev.berth.runtime.runc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * runc's start handshake: a created container's init blocks opening {@code exec.fifo} for writing until a
 * reader opens it, writes one byte, and execs the user's process (which closes its end). Opening the FIFO
 * for reading is a rendezvous that waits forever when init is gone, so it runs on its own thread with a
 * deadline; past it, this side opens the write end itself to end the wait, and reports failure.
 */
final class ExecFifo {
  private ExecFifo() {}

  /** True when init took the handshake (the process now runs) and the FIFO was removed. */
  static boolean release(Path fifo, Duration timeout) {
    CompletableFuture<Integer> read = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("runc-exec-fifo").start(() -> {
      try (InputStream in = Files.newInputStream(fifo)) {
        read.complete(in.readAllBytes().length);
      } catch (IOException | RuntimeException e) {
        read.completeExceptionally(e);
      }
    });
    try {
      int bytes = read.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (bytes == 0) {
        return false;
      }
      Files.deleteIfExists(fifo);
      return true;
    } catch (TimeoutException e) {
      unblock(fifo);
      return false;
    } catch (ExecutionException | IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      unblock(fifo);
      return false;
    }
  }

  /** Opens the write end, so a reader waiting for init (which is gone) returns with nothing read. */
  private static void unblock(Path fifo) {
    try (OutputStream ignored = Files.newOutputStream(fifo)) {
      // opening is all it takes
    } catch (IOException e) {
      // the reader is stuck only if the FIFO still exists; nothing more can be done from here
    }
  }
}
