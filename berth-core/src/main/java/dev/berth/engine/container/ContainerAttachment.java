package dev.berth.engine.container;

import dev.berth.engine.Attachment;
import dev.berth.runtime.monitor.AttachSession;
import dev.berth.runtime.monitor.LogStream;
import java.io.IOException;
import java.io.InterruptedIOException;
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
  private final boolean tty;
  private final boolean stdout;
  private final boolean stderr;
  private final boolean stream;
  private final Deque<Frame> replay;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Runnable onClose;
  private volatile AttachSession session;
  private volatile boolean closed;
  private volatile Pump pump;

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
   * call pins its carrier, and a daemon has few), so for a virtual thread a platform thread of this attachment's
   * own ({@link Pump}) blocks in the socket and hands each packet over: the reader parks without pinning and
   * wakes as soon as a packet, or the end, comes.
   */
  private Optional<AttachSession.Frame> next(AttachSession s) throws IOException {
    if (!Thread.currentThread().isVirtual()) {
      return s.read(-1);
    }
    Pump p = pump;
    if (p == null) {
      synchronized (this) {
        if (pump == null) {
          pump = new Pump(s);
        }
        p = pump;
      }
    }
    return p.take();
  }

  /**
   * Reads the session's packets on a platform thread into a small queue (it blocks when the reader falls
   * behind, so a container's output never piles up in memory). Ends with the end of the stream, a failure, or
   * {@link #close()}.
   */
  private final class Pump {
    private static final Object END = new Object();
    private final java.util.concurrent.BlockingQueue<Object> queue = new java.util.concurrent.ArrayBlockingQueue<>(16);
    private final Thread thread;

    Pump(AttachSession s) {
      thread = Thread.ofPlatform().daemon().name("berth-attach").start(() -> run(s));
    }

    private void run(AttachSession s) {
      try {
        while (!closed) {
          Optional<AttachSession.Frame> f = s.read(-1);
          if (f.isEmpty()) {
            break;
          }
          queue.put(f.get());
        }
        queue.put(END);
      } catch (IOException e) {
        try {
          queue.put(e);
        } catch (InterruptedException stopped) {
          // closed meanwhile: the reader sees the end
        }
      } catch (InterruptedException stopped) {
        // closed while the reader fell behind
      }
    }

    Optional<AttachSession.Frame> take() throws IOException {
      Object o;
      try {
        o = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("attach: interrupted");
      }
      if (o == END) {
        queue.offer(END); // every later read sees the end too
        return Optional.empty();
      }
      if (o instanceof IOException e) {
        queue.offer(e);
        throw e;
      }
      return Optional.of((AttachSession.Frame) o);
    }

    void stop() {
      thread.interrupt();
      queue.offer(END);
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
    Pump p = pump;
    if (p != null) {
      p.stop();
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
