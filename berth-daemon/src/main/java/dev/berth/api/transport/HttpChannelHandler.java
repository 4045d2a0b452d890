package dev.berth.api.transport;

import dev.berth.api.ApiVersion;
import dev.berth.api.Dispatcher;
import dev.berth.api.Request;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's state, touched only on its event loop. A request starts its handler on a new virtual
 * thread at once (before its body has arrived) and its body chunks are fed to that handler's stream.
 * Requests of one connection are answered in order: one that arrives while another is in flight waits,
 * with reading paused. A request asking to upgrade pauses reading after its headers, so no raw byte is
 * parsed as HTTP before the handler hijacks the connection.
 *
 * <p>A handler may answer before the client has sent its whole body (a load that fails on the first bytes
 * of a 300 MB upload). The rest of the body is then read and dropped before the connection goes on or is
 * closed: closing with unread bytes would make the client's pending write fail (EPIPE, or ECONNRESET), and
 * clients such as the docker CLI then report the broken write instead of the answer they were sent.
 */
final class HttpChannelHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(HttpChannelHandler.class);

  private final Dispatcher dispatcher;
  private final Map<String, String> defaultHeaders;
  private final Deque<Object> waiting = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private NettyExchange current;
  private BodyStream rawInput;
  /** The answered exchange whose body is still arriving (and being dropped); null when none. */
  private NettyExchange draining;
  private boolean drainingKeepAlive;

  HttpChannelHandler(Dispatcher dispatcher, Map<String, String> defaultHeaders) {
    this.dispatcher = dispatcher;
    this.defaultHeaders = defaultHeaders;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (rawInput != null) {
      if (msg instanceof ByteBuf b) rawInput.offer(b);
      else ReferenceCountUtil.release(msg);
      return;
    }
    if (!waiting.isEmpty() || current != null && msg instanceof HttpRequest) {
      waiting.addLast(msg);
      ctx.channel().config().setAutoRead(false);
      return;
    }
    handle(msg);
  }

  private void handle(Object msg) {
    if (msg instanceof HttpRequest request) {
      start(request);
    }
    if (msg instanceof HttpContent content) {
      if (current == null) {
        content.release();
        return;
      }
      current.body().offer(content.content());
      if (content instanceof LastHttpContent) {
        current.body().end();
        if (draining == current) {
          draining = null;
          finished(current, drainingKeepAlive);
        } else if (upgradeRequested(current)) {
          ctx.channel().config().setAutoRead(false);
        }
      }
    }
  }

  private void start(HttpRequest request) {
    if (request.decoderResult().isFailure()) {
      String why = request.decoderResult().cause().getMessage();
      sendAndClose(HttpResponseStatus.BAD_REQUEST, "{\"message\":\"malformed HTTP request: " + why.replace("\"", "'") + "\"}\n");
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    HttpHeaders headers = request.headers();
    BodyStream body = new BodyStream(ctx.channel());
    Request req = new Request(request.method().name(), uri.path(), ApiVersion.CURRENT, uri.parameters(), headers::get, Map.of(), body);
    NettyExchange exchange = new NettyExchange(ctx.channel(), req, body, HttpUtil.isKeepAlive(request), defaultHeaders, this);
    current = exchange;
    Thread.ofVirtual().name("api-" + request.method().name()).start(() -> run(exchange));
  }

  private void run(NettyExchange exchange) {
    try {
      dispatcher.dispatch(exchange);
    } catch (IOException | RuntimeException e) {
      LOG.debug("answering {} {} failed: {}", exchange.request().method(), exchange.request().path(), e.toString());
      exchange.abort();
    } finally {
      exchange.finish();
    }
  }

  private static boolean upgradeRequested(NettyExchange exchange) {
    String upgrade = exchange.request().header("Upgrade");
    return upgrade != null && !upgrade.isEmpty();
  }

  /** On the event loop, after the handler returned: go on with the next request or close. */
  void finished(NettyExchange exchange, boolean keepAlive) {
    if (current != exchange) return;
    if (rawInput == null && !exchange.body().ended() && ctx.channel().isActive()) {
      drain(exchange, keepAlive);
      return;
    }
    current = null;
    if (rawInput != null) return;
    if (!keepAlive) {
      ctx.channel().close();
      return;
    }
    while (!waiting.isEmpty() && !(waiting.peekFirst() instanceof HttpRequest && current != null)) {
      handle(waiting.removeFirst());
    }
    if (waiting.isEmpty() && !(current != null && upgradeRequested(current) && current.body().complete())) {
      ctx.channel().config().setAutoRead(true);
      ctx.read();
    }
  }

  /**
   * The handler answered before the body's end: keep reading, dropping the bytes (the body stream is closed),
   * until the end arrives; then {@link #handle} comes back to {@link #finished}. Nothing waits meanwhile: the
   * codec gives the next request only after this body's end.
   */
  private void drain(NettyExchange exchange, boolean keepAlive) {
    draining = exchange;
    drainingKeepAlive = keepAlive;
    ctx.channel().config().setAutoRead(true); // the rest of this body comes before any next request
    ctx.read();
  }

  /** On the event loop: sends the 101, then takes HTTP out of the pipeline; later bytes go to {@code input}. */
  void upgrade(FullHttpResponse response, BodyStream input, CompletableFuture<Void> switched) {
    ctx.writeAndFlush(response).addListener(f -> {
      if (!f.isSuccess()) {
        switched.completeExceptionally(f.cause());
        return;
      }
      rawInput = input;
      for (Object o : waiting) ReferenceCountUtil.release(o); // raw bytes the codec took for HTTP: not a request
      waiting.clear();
      ctx.pipeline().remove(HttpServerCodec.class); // hands any bytes it buffered to channelRead as raw bytes
      var expect = ctx.pipeline().get(io.netty.handler.codec.http.HttpServerExpectContinueHandler.class);
      if (expect != null) ctx.pipeline().remove(expect);
      ctx.channel().config().setAutoRead(true);
      ctx.read();
      switched.complete(null);
    });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (current != null) current.body().fail(new IOException("client closed the connection before sending the whole body"));
    if (rawInput != null) rawInput.end();
    for (Object o : waiting) ReferenceCountUtil.release(o);
    waiting.clear();
    ctx.fireChannelInactive();
  }

  /**
   * The client shut its sending side. After a hijack that is the end of its input (stdin closed); on plain
   * HTTP it means the client has gone (HTTP clients do not half-close), so the connection is closed and a
   * streaming handler sees {@link NettyExchange#isOpen()} turn false.
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      if (rawInput != null) rawInput.end();
      else ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("connection error: {}", cause.toString());
    ctx.close();
  }

  private void sendAndClose(HttpResponseStatus status, String json) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    ctx.writeAndFlush(r).addListener(f -> ctx.close());
  }
}
