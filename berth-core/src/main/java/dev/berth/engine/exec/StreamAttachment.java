package dev.berth.engine.exec;

import dev.berth.engine.Attachment;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An exec's stdio as an {@link Attachment}: pumps copy the process's output pipes into a bounded queue of
 * frames (stdout and stderr stay apart), {@link #read} takes them, and the session {@link #finish}es the
 * queue once the process ended and every pump drained its pipe. Closing the attachment stops delivery
 * only: the pumps go on draining into nothing, so the process never blocks on a full pipe.
 */
final class StreamAttachment implements Attachment {
  private static final int CHUNK = 32 * 1024;
  private static final Frame END = new Frame(Stream.STDOUT, new byte[0]);

  private final BlockingQueue<Frame> frames = new ArrayBlockingQueue<>(64);
  private final boolean tty;
  private final OutputStream stdin;
  private volatile boolean closed;

  /** @param stdin the process's stdin pipe, or null when it has none */
  StreamAttachment(boolean tty, OutputStream stdin) {
    this.tty = tty;
    this.stdin = stdin;
  }

  /** Copies {@code in} into frames of {@code stream} until end of file; runs on the caller's thread. */
  void pump(InputStream in, Stream stream) {
    byte[] buf = new byte[CHUNK];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (n > 0) {
          offer(new Frame(stream, Arrays.copyOf(buf, n)));
        }
      }
    } catch (IOException e) {
      // the pipe broke: the process's output ends here
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Adds output of the session's own (runc's error when nothing ran). */
  void emit(Stream stream, byte[] data) throws InterruptedException {
    offer(new Frame(stream, data));
  }

  private void offer(Frame f) throws InterruptedException {
    while (!closed) {
      if (frames.offer(f, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        return;
      }
    }
  }

  /** No more output will come: readers see the end once they took what is queued. */
  void finish() {
    try {
      offer(END);
    } catch (InterruptedException e) {
      close(); // no time to deliver the rest: end the stream now
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Optional<Frame> read() throws IOException {
    if (closed) {
      return Optional.empty();
    }
    try {
      Frame f = frames.take();
      if (f == END) {
        frames.offer(END); // later reads see the end too
        return Optional.empty();
      }
      return Optional.of(f);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("read exec output: interrupted");
    }
  }

  @Override
  public boolean tty() {
    return tty;
  }

  @Override
  public void writeStdin(byte[] data) throws IOException {
    if (stdin == null) {
      throw new IOException("write to exec stdin: the exec was not created with AttachStdin");
    }
    stdin.write(data);
    stdin.flush();
  }

  @Override
  public void closeStdin() throws IOException {
    if (stdin != null) {
      stdin.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    frames.clear();
    frames.offer(END);
  }
}
