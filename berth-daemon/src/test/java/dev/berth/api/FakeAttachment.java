package dev.berth.api;

import dev.berth.engine.Attachment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * An attachment fed by a fake process: {@link #emit} queues output, {@link #end} ends it; stdin the client
 * sends is kept (and handed to {@code onStdin}), and {@link #stdinClosed()} tells whether the client closed it.
 */
public final class FakeAttachment implements Attachment {
  private static final Frame END = new Frame(Stream.STDOUT, new byte[0]);

  private final boolean tty;
  private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
  private final Consumer<byte[]> onStdin;
  private final Runnable onStdinClosed;
  private volatile boolean stdinClosed;
  private volatile boolean closed;

  public FakeAttachment(boolean tty, Consumer<byte[]> onStdin, Runnable onStdinClosed) {
    this.tty = tty;
    this.onStdin = onStdin;
    this.onStdinClosed = onStdinClosed;
  }

  public void emit(Stream stream, byte[] data) {
    if (!closed) frames.add(new Frame(tty ? Stream.STDOUT : stream, data));
  }

  public void end() {
    frames.add(END);
  }

  @Override
  public Optional<Frame> read() throws IOException {
    try {
      Frame f = frames.take();
      if (f == END) {
        frames.add(END);
        return Optional.empty();
      }
      return Optional.of(f);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public boolean tty() {
    return tty;
  }

  @Override
  public synchronized void writeStdin(byte[] data) {
    stdin.writeBytes(data);
    onStdin.accept(data);
  }

  @Override
  public void closeStdin() {
    stdinClosed = true;
    onStdinClosed.run();
  }

  public synchronized byte[] stdin() {
    return stdin.toByteArray();
  }

  public boolean stdinClosed() {
    return stdinClosed;
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    end();
  }
}
