package dev.berth.api.transport;

import dev.berth.api.Dispatcher;
import dev.berth.api.Exchange;
import dev.berth.api.Request;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One request on one connection, driven from the handler's virtual thread. Writes go through the channel
 * (Netty runs them on the event loop); the exchange waits for a write only when the channel is not writable,
 * which is the back-pressure from the client. The event loop is told when the answer is complete.
 */
final class NettyExchange implements Dispatcher.TransportExchange {
  static final HttpResponseStatus UPGRADED = new HttpResponseStatus(101, "UPGRADED");

  private final Channel channel;
  private final Request request;
  private final BodyStream body;
  private final boolean keepAlive;
  private final Map<String, String> defaultHeaders;
  private final HttpChannelHandler connection;
  private volatile boolean sent;
  private ChunkedResponseStream stream;
  private RawConnectionImpl raw;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  NettyExchange(Channel channel, Request request, BodyStream body, boolean keepAlive, Map<String, String> defaultHeaders, HttpChannelHandler connection) {
    this.channel = channel;
    this.request = request;
    this.body = body;
    this.keepAlive = keepAlive;
    this.defaultHeaders = defaultHeaders;
    this.connection = connection;
  }

  @Override
  public Request request() {
    return request;
  }

  @Override
  public Exchange withRequest(Request routed) {
    return new RoutedExchange(this, routed);
  }

  BodyStream body() {
    return body;
  }

  @Override
  public boolean started() {
    return sent;
  }

  @Override
  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public void respond(int status, String contentType, byte[] bytes, Map<String, String> extra) throws IOException {
    begin();
    if (stream != null) stream.discard(); // a stream that never sent its headers gives way to this answer
    DefaultFullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(bytes));
    headers(response, contentType);
    extra.forEach((k, v) -> response.headers().set(k, v));
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    send(response, true);
  }

  @Override
  public ResponseStream stream(int status, String contentType) {
    return stream(status, contentType, Map.of());
  }

  @Override
  public ResponseStream stream(int status, String contentType, Map<String, String> extra) {
    if (sent || stream != null) throw new IllegalStateException("the request " + request.method() + " " + request.path() + " was already answered");
    DefaultHttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
    headers(response, contentType);
    extra.forEach((k, v) -> response.headers().set(k, v));
    response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    stream = new ChunkedResponseStream(this, response);
    return stream;
  }

  @Override
  public RawConnection hijack(String contentType) throws IOException {
    begin();
    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, UPGRADED, Unpooled.EMPTY_BUFFER);
    if (contentType != null) response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    response.headers().set(HttpHeaderNames.UPGRADE, "tcp");
    raw = new RawConnectionImpl(channel, new BodyStream(channel));
    CompletableFuture<Void> switched = new CompletableFuture<>();
    channel.eventLoop().execute(() -> connection.upgrade(response, raw.input(), switched));
    try {
      switched.get();
    } catch (Exception e) {
      throw new IOException("upgrading the connection failed: " + e.getMessage(), e);
    }
    return raw;
  }

  /** Marks the head as sent; a second answer is a bug in the handler. */
  private void begin() {
    if (sent) throw new IllegalStateException("the request " + request.method() + " " + request.path() + " was already answered");
    sent = true;
  }

  /** The stream's headers go out now. */
  void commitStream(HttpResponse head) throws IOException {
    begin();
    send(head, true);
  }

  private void headers(HttpResponse response, String contentType) {
    defaultHeaders.forEach((k, v) -> response.headers().set(k, v));
    if (contentType != null) response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    if (!keepAlive) response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
  }

  /** Writes a message; waits for it when {@code await} or when the channel is over its high-water mark. */
  void send(Object message, boolean await) throws IOException {
    ChannelFuture f = channel.writeAndFlush(message);
    if (await || !channel.isWritable()) {
      f.awaitUninterruptibly();
      if (!f.isSuccess()) throw new IOException("writing the answer failed: " + f.cause().getMessage(), f.cause());
    }
  }

  @Override
  public void abort() {
    channel.close();
  }

  /** Called when the handler returned: ends an unclosed stream, then tells the connection it may go on. */
  void finish() {
    try {
      if (stream != null && !stream.closed() && channel.isActive() && (stream.committed() || !sent)) stream.close();
    } catch (IOException e) {
      channel.close();
    }
    if (raw == null) body.close();
    done.complete(null);
    boolean reuse = keepAlive && raw == null;
    try {
      channel.eventLoop().execute(() -> connection.finished(this, reuse));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the server is shutting down; the connection is being closed anyway
    }
  }

  CompletableFuture<Void> done() {
    return done;
  }
}
