package dev.berth.api.transport;

import dev.berth.api.Exchange;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;

/**
 * A chunked answer. Bytes gather in a 64 KiB buffer; each flush sends them as one chunk and waits while the
 * channel is over its write high-water mark, so a slow client slows the handler instead of filling memory.
 * The status line and headers go out with the first chunk, on {@link #commit()} or on close.
 */
final class ChunkedResponseStream extends Exchange.ResponseStream {
  private static final int BUFFER = 64 << 10;

  private final NettyExchange exchange;
  private final HttpResponse head;
  private final byte[] buffer = new byte[BUFFER];
  private int count;
  private boolean committed;
  private boolean closed;

  ChunkedResponseStream(NettyExchange exchange, HttpResponse head) {
    this.exchange = exchange;
    this.head = head;
  }

  @Override
  public void commit() throws IOException {
    ensureOpen();
    if (committed) return;
    committed = true;
    exchange.commitStream(head);
  }

  @Override
  public boolean committed() {
    return committed;
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    if (count == buffer.length) flush();
    buffer[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    while (len > 0) {
      if (count == buffer.length) flush();
      int n = Math.min(len, buffer.length - count);
      System.arraycopy(b, off, buffer, count, n);
      count += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    ensureOpen();
    commit();
    if (count == 0) return;
    exchange.send(new DefaultHttpContent(Unpooled.copiedBuffer(buffer, 0, count)), false);
    count = 0;
  }

  @Override
  public void close() throws IOException {
    if (closed) return;
    if (!exchange.isOpen()) {
      closed = true; // the client left; there is no one to end the stream for
      return;
    }
    flush();
    closed = true;
    exchange.send(LastHttpContent.EMPTY_LAST_CONTENT, true);
  }

  /** Drops the stream unsent, because the exchange answered otherwise (an error before any output). */
  void discard() {
    closed = true;
  }

  boolean closed() {
    return closed;
  }

  private void ensureOpen() throws IOException {
    if (closed) throw new IOException("response stream already closed");
    if (!exchange.isOpen()) throw new IOException("client closed the connection");
  }
}
