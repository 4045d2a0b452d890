package dev.berth.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP exchange over a connected conduit (a socket, or an ssh bridge). Netty's codec sits in an {@code EmbeddedChannel}: we push the
 * bytes read from the socket into it and pull decoded messages out, and the other way round for the request.
 * Not thread-safe: one thread drives one exchange.
 */
final class HttpConnection implements AutoCloseable {
  private static final int CHUNK = 64 * 1024;

  private final Conduit socket;
  private final String hostHeader;
  private final EmbeddedChannel codec = new EmbeddedChannel(new HttpClientCodec(4096, 16 * 1024, CHUNK));
  private final Deque<byte[]> content = new ArrayDeque<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocate(CHUNK);
  private HttpResponse head;
  private boolean ended;
  private boolean truncated;
  private boolean closed;
  private boolean atEof;
  private boolean drained;
  private java.util.function.Consumer<Conduit> release;

  HttpConnection(Conduit socket, String hostHeader) {
    this(socket, hostHeader, null);
  }

  /**
   * @param release where the conduit goes when the exchange ended cleanly and may carry another one
   *     (a kept-alive ssh bridge), or null to close it always
   */
  HttpConnection(Conduit socket, String hostHeader, java.util.function.Consumer<Conduit> release) {
    this.socket = socket;
    this.hostHeader = hostHeader;
    this.release = release;
  }

  /** The exchange went wrong somewhere: the conduit is closed with it, never kept. */
  void keepNoLonger() {
    release = null;
  }

  /** True once the response head arrived: a failure after that is not a stale kept-alive bridge. */
  boolean answered() {
    return head != null;
  }

  void writeRequest(ApiRequest request, String target) throws IOException {
    HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.method()), target);
    head.headers().set(HttpHeaderNames.HOST, hostHeader).set(HttpHeaderNames.USER_AGENT, HttpTransport.USER_AGENT);
    request.headers().forEach((name, value) -> head.headers().set(name, value));
    if (request.body() != null) {
      head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    } else if (!request.method().equals("GET")) {
      head.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
    }
    codec.writeOutbound(head);
    flushOutbound();
    if (request.body() != null) writeBody(request.body());
    else {
      codec.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
      flushOutbound();
    }
  }

  private void writeBody(InputStream body) throws IOException {
    try (body) {
      byte[] buf = new byte[CHUNK];
      for (int n; (n = body.read(buf)) >= 0; ) {
        if (n == 0) continue;
        codec.writeOutbound(new DefaultHttpContent(Unpooled.copiedBuffer(buf, 0, n)));
        flushOutbound();
      }
    }
    codec.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
    flushOutbound();
  }

  private void flushOutbound() throws IOException {
    for (Object out; (out = codec.readOutbound()) != null; ) {
      ByteBuf buf = (ByteBuf) out;
      try {
        for (ByteBuffer nio : buf.nioBuffers()) {
          while (nio.hasRemaining()) socket.write(nio);
        }
      } finally {
        buf.release();
      }
    }
  }

  /** Reads until the response head is decoded; the body is then read on demand through the returned stream. */
  ApiResponse readResponse() throws IOException {
    while (head == null) {
      if (ended) throw new IOException("the daemon closed the connection without answering");
      fill();
    }
    Map<String, String> headers = new HashMap<>();
    head.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b));
    return new ApiResponse(head.status().code(), headers, new Body());
  }

  /** Reads once from the socket and decodes what arrived; at end of stream, lets the codec finish. */
  private void fill() throws IOException {
    readBuffer.clear();
    int n = socket.read(readBuffer);
    if (n < 0) {
      codec.finish();
      drainInbound();
      // A body that ends at close gets its last part from the codec; anything else was cut short.
      truncated = !ended && head != null;
      ended = true;
      atEof = true;
      return;
    }
    readBuffer.flip();
    codec.writeInbound(Unpooled.copiedBuffer(readBuffer));
    drainInbound();
  }

  private void drainInbound() throws IOException {
    for (Object in; (in = codec.readInbound()) != null; ) {
      HttpObject msg = (HttpObject) in;
      try {
        if (msg.decoderResult().isFailure()) {
          throw new IOException("malformed HTTP response from the daemon: " + msg.decoderResult().cause().getMessage());
        }
        accept(msg);
      } finally {
        io.netty.util.ReferenceCountUtil.release(msg);
      }
    }
  }

  private void accept(HttpObject msg) {
    if (msg instanceof HttpResponse response) {
      int code = response.status().code();
      if (code >= 100 && code < 200 && code != 101) return; // informational: the real answer follows
      head = response;
    }
    if (msg instanceof HttpContent part && head != null) {
      ByteBuf data = part.content();
      if (data.isReadable()) {
        byte[] bytes = new byte[data.readableBytes()];
        data.readBytes(bytes);
        content.addLast(bytes);
      }
      if (part instanceof LastHttpContent) ended = true;
    }
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    codec.finishAndReleaseAll();
    if (reusable()) {
      release.accept(socket);
      return;
    }
    try {
      socket.close();
    } catch (IOException e) {
      // nothing more to do with a socket we are dropping
    }
  }

  /**
   * The conduit may carry another exchange when the whole answer was read, up to its last part and not
   * past it, and neither side asked to close: HTTP/1.1 keeps a connection alive unless told otherwise.
   */
  private boolean reusable() {
    if (release == null || head == null || !drained || truncated || atEof || !content.isEmpty()) return false;
    String connection = head.headers().get(HttpHeaderNames.CONNECTION);
    return head.protocolVersion().equals(HttpVersion.HTTP_1_1) && (connection == null || !connection.equalsIgnoreCase("close"))
        && head.status().code() != 101;
  }

  /** The response body: decoded content as it arrives, end of stream at the last chunk. */
  private final class Body extends InputStream {
    private byte[] current = new byte[0];
    private int pos;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      while (pos == current.length) {
        if (closed) throw new IOException("response body read after close");
        byte[] next = content.pollFirst();
        if (next != null) {
          current = next;
          pos = 0;
        } else if (truncated) {
          throw new IOException("the daemon closed the connection before the end of the response");
        } else if (ended) {
          drained = true;
          return -1;
        } else {
          fill();
        }
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      return current.length - pos;
    }

    @Override
    public void close() {
      HttpConnection.this.close();
    }
  }
}
