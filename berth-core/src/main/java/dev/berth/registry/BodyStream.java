package dev.berth.registry;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The body of one answer read from an {@link HttpConnection}, framed by {@code Content-Length}, by chunked
 * transfer coding, or (HTTP/1.0 style) by the end of the connection. When the body has been read to its end and
 * the connection may be kept alive, the connection goes back to the pool; a body closed before its end takes its
 * connection down with it (after reading a short remainder, up to 64 KiB, such as a redirect's or an error's
 * body), so a pooled connection never holds the tail of an earlier answer. A body that ends before its
 * {@code Content-Length} or its last chunk is an {@link EOFException}, never a short read.
 */
final class BodyStream extends InputStream {
  private static final long DRAIN_LIMIT = 64 * 1024;

  private enum Framing { LENGTH, CHUNKED, UNTIL_CLOSE }

  private final HttpConnection connection;
  private final Framing framing;
  private final boolean keepAlive;
  private final Consumer<HttpConnection> release;
  private final long length;
  /** LENGTH: bytes left; CHUNKED: bytes left in the current chunk. */
  private long remaining;
  private long received;
  private boolean started;
  private boolean done;
  private boolean closed;

  private BodyStream(HttpConnection connection, Framing framing, long length, boolean keepAlive,
      Consumer<HttpConnection> release) {
    this.connection = connection;
    this.framing = framing;
    this.length = length;
    this.remaining = framing == Framing.LENGTH ? length : 0;
    this.keepAlive = keepAlive;
    this.release = release;
  }

  /**
   * The body that follows {@code head} on {@code connection} (none when it answers a HEAD request, or is a 204 or
   * 304); {@code release} takes the connection back when the body has been read to its end and the answer allows
   * keeping it alive.
   */
  static BodyStream of(HttpConnection connection, HttpConnection.Head head, boolean headRequest, Consumer<HttpConnection> release)
      throws IOException {
    boolean keepAlive = head.http11()
        && head.headers().allValues("Connection").stream().noneMatch(v -> v.toLowerCase(java.util.Locale.ROOT).contains("close"));
    BodyStream body;
    if (headRequest || head.status() == 204 || head.status() == 304) {
      body = new BodyStream(connection, Framing.LENGTH, 0, keepAlive, release);
    } else if (head.headers().allValues("Transfer-Encoding").stream().anyMatch(v -> v.toLowerCase(java.util.Locale.ROOT).contains("chunked"))) {
      body = new BodyStream(connection, Framing.CHUNKED, -1, keepAlive, release);
    } else if (head.headers().firstValue("Content-Length").isPresent()) {
      body = new BodyStream(connection, Framing.LENGTH, contentLength(head, connection), keepAlive, release);
    } else {
      body = new BodyStream(connection, Framing.UNTIL_CLOSE, -1, false, release);
    }
    if (body.framing == Framing.LENGTH && body.remaining == 0) body.finish();
    return body;
  }

  private static long contentLength(HttpConnection.Head head, HttpConnection connection) throws IOException {
    String value = head.headers().firstValue("Content-Length").orElseThrow();
    try {
      long n = Long.parseLong(value);
      if (n >= 0) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException("malformed Content-Length from " + connection.origin() + ": " + value);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) throw new IOException("reading a closed HTTP body");
    if (done) return -1;
    if (len == 0) return 0;
    try {
      return switch (framing) {
        case LENGTH -> readLength(b, off, len);
        case CHUNKED -> readChunked(b, off, len);
        case UNTIL_CLOSE -> readUntilClose(b, off, len);
      };
    } catch (IOException | RuntimeException e) {
      closed = true;
      done = true;
      connection.close();
      throw e;
    }
  }

  private int readLength(byte[] b, int off, int len) throws IOException {
    int n = connection.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) throw cutShort("after " + received + " of " + length + " bytes");
    remaining -= n;
    received += n;
    if (remaining == 0) finish();
    return n;
  }

  private int readChunked(byte[] b, int off, int len) throws IOException {
    if (remaining == 0 && !nextChunk()) return -1;
    int n = connection.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) throw cutShort("in the middle of a chunk, after " + received + " bytes");
    remaining -= n;
    received += n;
    return n;
  }

  /** Reads the next chunk's size line; false (and the body finished) at the last chunk. */
  private boolean nextChunk() throws IOException {
    if (started && !connection.readLine(false).isEmpty()) {
      throw new IOException("malformed chunked body from " + connection.origin() + ": no line end after a chunk");
    }
    started = true;
    String line = connection.readLine(false);
    int semicolon = line.indexOf(';');
    String size = (semicolon >= 0 ? line.substring(0, semicolon) : line).strip();
    try {
      remaining = Long.parseLong(size, 16);
    } catch (NumberFormatException e) {
      throw new IOException("malformed chunk size from " + connection.origin() + ": " + size);
    }
    if (remaining < 0) throw new IOException("malformed chunk size from " + connection.origin() + ": " + size);
    if (remaining > 0) return true;
    while (!connection.readLine(false).isEmpty()) {
      // trailers: nothing a blob download needs
    }
    finish();
    return false;
  }

  private int readUntilClose(byte[] b, int off, int len) throws IOException {
    int n = connection.read(b, off, len);
    if (n < 0) {
      done = true;
      connection.close();
      return -1;
    }
    received += n;
    return n;
  }

  private EOFException cutShort(String where) {
    return new EOFException("the connection to " + connection.origin() + " closed " + where + " of the body");
  }

  /** The body's end: the connection goes back to the pool when it may be reused, else it is closed. */
  private void finish() {
    done = true;
    if (keepAlive && !connection.hasUnreadBytes()) release.accept(connection);
    else connection.close();
  }

  /** Bytes of the body read so far. */
  long received() {
    return received;
  }

  @Override
  public void close() {
    if (closed) return;
    if (!done && framing == Framing.LENGTH && remaining <= DRAIN_LIMIT) {
      try {
        byte[] sink = new byte[(int) remaining];
        while (!done) read(sink, 0, sink.length);
      } catch (IOException e) {
        // the connection is already closed by the failed read
      }
    }
    closed = true;
    if (!done) {
      done = true;
      connection.close();
    }
  }
}
