package dev.berth.engine.container;

import dev.berth.engine.Attachment;
import dev.berth.runtime.monitor.AttachSession;
import dev.berth.runtime.monitor.LogStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * An attachment to a container's stdio over conmon's attach socket. It may be made before the container runs:
 * it then waits until the engine {@link #connect}s it, which the engine does after conmon created the
 * container and before runc starts its process, so no output is missed. Replayed log entries ({@code
 * logs=true}) come first; frames of a stream the caller did not ask for are dropped.
 */
final class ContainerAttachment implements Attachment {
  private static final long MAX_BACKOFF_MS = 10;
  private final boolean tty;
  private final boolean stdout;
  private final boolean stderr;
  private final boolean stream;
  private final Deque<Frame> replay;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Runnable onClose;
  private volatile AttachSession session;
  private volatile boolean closed;

  ContainerAttachment(boolean tty, boolean stdout, boolean stderr, boolean stream, List<Frame> replay, Runnable onClose) {
    this.tty = tty;
    this.stdout = stdout;
    this.stderr = stderr;
    this.stream = stream;
    this.replay = new ArrayDeque<>(replay);
    this.onClose = onClose;
    if (!stream) {
      ready.countDown();
    }
  }

  /** Hands over the live session; false (and the session closed) when this attachment was closed already. */
  boolean connect(AttachSession s) {
    if (closed || !stream) {
      closeQuietly(s);
      return false;
    }
    session = s;
    ready.countDown();
    if (closed) {
      closeQuietly(s);
      return false;
    }
    return true;
  }

  /** The container will not start after all (removed, or the start failed): readers see the end. */
  void abandon() {
    ready.countDown();
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public Optional<Frame> read() throws IOException {
    Frame queued = replay.pollFirst();
    if (queued != null) {
      return Optional.of(queued);
    }
    AttachSession s = awaitSession();
    while (s != null && !closed) {
      Optional<AttachSession.Frame> f;
      try {
        f = next(s);
      } catch (IOException e) {
        if (closed) {
          return Optional.empty();
        }
        throw e;
      }
      if (f.isEmpty()) {
        return Optional.empty();
      }
      Stream kind = f.get().stream() == LogStream.STDERR ? Stream.STDERR : Stream.STDOUT;
      if (kind == Stream.STDOUT ? stdout : stderr) {
        return Optional.of(new Frame(kind, f.get().data()));
      }
    }
    return Optional.empty();
  }

  /**
   * The next packet. A platform thread may block in the kernel; a virtual thread must not (a blocking native
   * call pins its carrier, and a daemon has few), so it polls briefly and sleeps between polls, backing off
   * from 1 ms to {@link #MAX_BACKOFF_MS} while nothing comes.
   */
  private Optional<AttachSession.Frame> next(AttachSession s) throws IOException {
    if (!Thread.currentThread().isVirtual()) {
      return s.read(-1);
    }
    long backoff = 1;
    while (!closed) {
      try {
        return s.read(2);
      } catch (SocketTimeoutException idle) {
        sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
    return Optional.empty();
  }

  private static void sleep(long millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("attach: interrupted");
    }
  }

  private AttachSession awaitSession() throws IOException {
    try {
      ready.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("attach: interrupted while waiting for the container to start");
    }
    return session;
  }

  @Override
  public boolean tty() {
    return tty;
  }

  @Override
  public void writeStdin(byte[] data) throws IOException {
    AttachSession s = awaitSession();
    if (s == null) {
      throw new IOException("attach: the container's stdin is not connected");
    }
    s.writeStdin(data);
  }

  @Override
  public void closeStdin() throws IOException {
    AttachSession s = awaitSession();
    if (s != null) {
      s.closeStdin();
    }
  }

  @Override
  public void close() {
    closed = true;
    ready.countDown();
    AttachSession s = session;
    if (s != null) {
      closeQuietly(s);
    }
    onClose.run();
  }

  private static void closeQuietly(AttachSession s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // the socket is gone either way
    }
  }
}
