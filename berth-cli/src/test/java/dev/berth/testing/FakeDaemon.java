package dev.berth.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted Docker Engine API server on a unix socket, for testing the client and the commands without a
 * real berthd. Routes are "METHOD /path" with the {@code /v1.xx} prefix removed; unknown routes get 404
 * {"message": "page not found"}. Every request is recorded.
 */
public final class FakeDaemon implements AutoCloseable {
  /** A request as received: method, path without version, decoded query, headers, body. */
  public record Request(String method, String versionPrefix, String path, Map<String, List<String>> query, Map<String, String> headers, byte[] body) {
    public String param(String name) {
      List<String> values = query.get(name);
      return values == null ? null : values.getFirst();
    }
  }

  /** An answer; more than one chunk is sent with chunked encoding, one flush per chunk. */
  public record Response(int status, String contentType, List<byte[]> chunks, Map<String, String> headers) {
    public static Response json(int status, String json) {
      return new Response(status, "application/json", List.of(json.getBytes(StandardCharsets.UTF_8)), Map.of());
    }

    public static Response ok(String json) {
      return json(200, json);
    }

    public static Response stream(String... jsonMessages) {
      return new Response(200, "application/json",
          java.util.Arrays.stream(jsonMessages).map(m -> (m + "\n").getBytes(StandardCharsets.UTF_8)).toList(), Map.of());
    }

    public static Response error(int status, String message) {
      return json(status, "{\"message\":\"" + message.replace("\"", "\\\"") + "\"}");
    }
  }

  /**
   * A hijacked exchange: after the 101 answer, {@code fromClient} yields the bytes the client sends (end of
   * stream when it half-closes) and what is written to {@code toClient} goes to it raw. Returning closes
   * the connection.
   */
  @FunctionalInterface
  public interface Hijack {
    void handle(Request request, java.io.InputStream fromClient, java.io.OutputStream toClient) throws Exception;
  }

  private final Map<String, Hijack> hijacks = new ConcurrentHashMap<>();
  private final Path socket;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
  private final Channel server;
  private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile String apiVersion = "1.47";

  public FakeDaemon(Path dir) throws InterruptedException {
    socket = dir.resolve("fake.sock");
    server = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
        .childOption(io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childHandler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new ChunkedMarker(), new HttpObjectAggregator(256 << 20), new Handler());
          }
        })
        .bind(new DomainSocketAddress(socket.toFile())).sync().channel();
  }

  public String host() {
    return "unix://" + socket;
  }

  public FakeDaemon apiVersion(String version) {
    this.apiVersion = version;
    return this;
  }

  public FakeDaemon route(String methodAndPath, Function<Request, Response> handler) {
    routes.put(methodAndPath, handler);
    return this;
  }

  public FakeDaemon route(String methodAndPath, Response response) {
    return route(methodAndPath, r -> response);
  }

  /** Answers "METHOD /path" with 101 UPGRADED and hands the raw connection to {@code handler}. */
  public FakeDaemon hijack(String methodAndPath, Hijack handler) {
    hijacks.put(methodAndPath, handler);
    return this;
  }

  /** "METHOD /path" of every request so far, in order, without the version prefix. */
  public List<String> calls() {
    return requests.stream().map(r -> r.method() + " " + r.path()).toList();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The last request to the given "METHOD /path". */
  public Request last(String methodAndPath) {
    for (int i = requests.size() - 1; i >= 0; i--) {
      Request r = requests.get(i);
      if ((r.method() + " " + r.path()).equals(methodAndPath)) return r;
    }
    throw new AssertionError("no request " + methodAndPath + " in " + requests.stream().map(r -> r.method() + " " + r.path()).toList());
  }

  @Override
  public void close() throws Exception {
    server.close().sync();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    Files.deleteIfExists(socket);
  }

  /** The aggregator drops Transfer-Encoding; keep whether the client sent chunks as a header of our own. */
  private static final class ChunkedMarker extends io.netty.channel.ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof io.netty.handler.codec.http.HttpRequest r) {
        r.headers().set(CHUNKED_HEADER, Boolean.toString(HttpUtil.isTransferEncodingChunked(r)));
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** Collects a hijacked connection's inbound bytes for a blocking reader; end of stream at half-close or close. */
  private static final class RawInbound extends io.netty.channel.ChannelInboundHandlerAdapter {
    private final java.util.concurrent.LinkedBlockingQueue<byte[]> chunks = new java.util.concurrent.LinkedBlockingQueue<>();
    private static final byte[] END = new byte[0];

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      io.netty.buffer.ByteBuf buf = (io.netty.buffer.ByteBuf) msg;
      try {
        if (buf.isReadable()) chunks.add(ByteBufUtil.getBytes(buf));
      } finally {
        buf.release();
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) chunks.add(END);
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      chunks.add(END);
      ctx.fireChannelInactive();
    }

    java.io.InputStream stream() {
      return new java.io.InputStream() {
        private byte[] current = new byte[0];
        private int pos;
        private boolean ended;

        @Override
        public int read() throws java.io.IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
          while (pos == current.length) {
            if (ended) return -1;
            try {
              current = chunks.take();
            } catch (InterruptedException e) {
              throw new java.io.InterruptedIOException();
            }
            pos = 0;
            if (current == END) ended = true;
          }
          int n = Math.min(len, current.length - pos);
          System.arraycopy(current, pos, b, off, n);
          pos += n;
          return n;
        }
      };
    }
  }

  /** Set on every recorded request: "true" when its body came with chunked encoding. */
  public static final String CHUNKED_HEADER = "x-fake-chunked";

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
      QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
      String path = uri.path();
      String prefix = "";
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(/v[0-9.]+)(/.*)$").matcher(path);
      if (m.matches()) {
        prefix = m.group(1);
        path = m.group(2);
      }
      Map<String, String> headers = new java.util.HashMap<>();
      msg.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
      Request request = new Request(msg.method().name(), prefix, path, uri.parameters(), headers, ByteBufUtil.getBytes(msg.content()));
      requests.add(request);
      Hijack hijack = hijacks.get(request.method() + " " + path);
      if (hijack != null) {
        upgrade(ctx, request, hijack);
        return;
      }
      Response response;
      if (path.equals("/_ping")) response = new Response(200, "text/plain", List.of("OK".getBytes()), Map.of("Api-Version", apiVersion, "OSType", "linux"));
      else {
        Function<Request, Response> route = routes.get(request.method() + " " + path);
        response = route == null ? Response.error(404, "page not found") : route.apply(request);
      }
      send(ctx, response);
    }

    /**
     * Stops decoding HTTP, answers 101, and from then on feeds inbound bytes to the handler's input (on a
     * virtual thread) and writes its output raw.
     */
    private void upgrade(ChannelHandlerContext ctx, Request request, Hijack hijack) {
      io.netty.channel.ChannelPipeline p = ctx.pipeline();
      RawInbound inbound = new RawInbound();
      p.get(HttpServerCodec.class).removeInboundHandler();
      p.remove(ChunkedMarker.class);
      p.remove(HttpObjectAggregator.class);
      p.addLast(inbound);
      DefaultFullHttpResponse head = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
      head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/vnd.docker.raw-stream")
          .set(HttpHeaderNames.CONNECTION, "Upgrade").set(HttpHeaderNames.UPGRADE, "tcp");
      Channel channel = ctx.channel();
      ctx.writeAndFlush(head).addListener(f -> {
        p.remove(HttpServerCodec.class);
        p.remove(this);
        Thread.ofVirtual().start(() -> {
          java.io.OutputStream out = new java.io.OutputStream() {
            @Override
            public void write(int b) {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
              channel.writeAndFlush(Unpooled.copiedBuffer(b, off, len)).syncUninterruptibly();
            }
          };
          try {
            hijack.handle(request, inbound.stream(), out);
          } catch (Exception e) {
            // the test sees what the client got; a broken handler shows as a short stream
          } finally {
            channel.close();
          }
        });
      });
    }

    private void send(ChannelHandlerContext ctx, Response r) {
      HttpResponseStatus status = HttpResponseStatus.valueOf(r.status());
      if (r.chunks().size() == 1) {
        DefaultFullHttpResponse full = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(r.chunks().getFirst()));
        full.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType()).set(HttpHeaderNames.CONTENT_LENGTH, r.chunks().getFirst().length);
        r.headers().forEach(full.headers()::set);
        ctx.writeAndFlush(full);
        return;
      }
      DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
      head.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
      HttpUtil.setTransferEncodingChunked(head, true);
      r.headers().forEach(head.headers()::set);
      ctx.writeAndFlush(head);
      for (byte[] chunk : r.chunks()) ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }
  }
}
