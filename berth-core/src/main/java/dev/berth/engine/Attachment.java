package dev.berth.engine;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;

/**
 * A live connection to a container's (or an exec's) stdio. Output arrives as frames that keep stdout and
 * stderr apart (with a terminal everything is stdout); stdin goes the other way when it was asked for.
 * {@link #read} blocks until output comes, and answers empty once the process ended and all its output was
 * delivered, or the attachment was closed.
 */
public interface Attachment extends Closeable {
  /** One chunk of output. */
  record Frame(Stream stream, byte[] data) {}

  enum Stream { STDOUT, STDERR }

  Optional<Frame> read() throws IOException;

  /** Whether the process has a terminal: the API then sends raw bytes instead of multiplexed frames. */
  boolean tty();

  void writeStdin(byte[] data) throws IOException;

  /** The process's stdin reaches end of file. */
  void closeStdin() throws IOException;

  /** Stops this attachment only; the process keeps running. */
  @Override
  void close() throws IOException;
}
