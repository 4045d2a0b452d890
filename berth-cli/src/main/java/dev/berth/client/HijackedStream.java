package dev.berth.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A connection the daemon took over after answering {@code 101 UPGRADED} (or a plain {@code 200}) to an
 * attach or exec-start request: from then on it carries the container's raw stdio, both ways, with no HTTP
 * framing. Reading and writing may happen on two threads at once (a conduit drives each direction apart);
 * {@link #closeWrite()} tells the container that its stdin ended while its output keeps coming.
 */
public final class HijackedStream implements AutoCloseable {
  private final Conduit socket;
  private final InputStream input;
  private final OutputStream output;
  private final String contentType;

  HijackedStream(Conduit socket, byte[] leftover, String contentType) {
    this.socket = socket;
    this.input = new SocketInput(socket, leftover);
    this.output = new SocketOutput(socket);
    this.contentType = contentType;
  }

  /** The container's output: 8-byte multiplexed frames without a TTY, raw bytes with one. */
  public InputStream input() {
    return input;
  }

  /** The container's stdin. */
  public OutputStream output() {
    return output;
  }

  /** The response's Content-Type: {@code application/vnd.docker.multiplexed-stream} or {@code …raw-stream}, or null. */
  public String contentType() {
    return contentType;
  }

  /** Half-closes the connection: the container sees end of input on its stdin. */
  public void closeWrite() {
    try {
      if (socket.isOpen()) socket.shutdownOutput();
    } catch (IOException e) {
      // the daemon has gone already: nothing left to tell it
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // dropping the connection either way
    }
  }

  /** Reads straight from the socket, after any bytes that came with the response head. */
  private static final class SocketInput extends InputStream {
    private final Conduit socket;
    private final byte[] leftover;
    private int pos;

    SocketInput(Conduit socket, byte[] leftover) {
      this.socket = socket;
      this.leftover = leftover;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      if (pos < leftover.length) {
        int n = Math.min(len, leftover.length - pos);
        System.arraycopy(leftover, pos, b, off, n);
        pos += n;
        return n;
      }
      try {
        int n;
        do {
          n = socket.read(ByteBuffer.wrap(b, off, len));
        } while (n == 0);
        return n;
      } catch (java.nio.channels.AsynchronousCloseException e) {
        return -1;
      }
    }
  }

  /** Writes straight to the socket. */
  private static final class SocketOutput extends OutputStream {
    private final Conduit socket;

    SocketOutput(Conduit socket) {
      this.socket = socket;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer buf = ByteBuffer.wrap(b, off, len);
      while (buf.hasRemaining()) socket.write(buf);
    }
  }
}
