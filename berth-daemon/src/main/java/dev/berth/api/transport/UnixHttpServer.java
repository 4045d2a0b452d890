package dev.berth.api.transport;

import dev.berth.api.Dispatcher;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.1 server on unix-domain sockets: Netty's codec on epoll, one small event-loop group for all
 * listeners (the loop only moves bytes; handlers run on virtual threads).
 */
public final class UnixHttpServer implements AutoCloseable {
  private final EventLoopGroup group;
  private final Dispatcher dispatcher;
  private final Map<String, String> defaultHeaders;
  private final List<Channel> listeners = new ArrayList<>();

  /** {@code defaultHeaders} go on every answer (dockerd sends API-Version, Server, OSType on all of them). */
  public UnixHttpServer(Dispatcher dispatcher, Map<String, String> defaultHeaders) {
    this.dispatcher = dispatcher;
    this.defaultHeaders = Map.copyOf(defaultHeaders);
    this.group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
  }

  /** Listens on {@code socket}, which must not exist; the caller owns the file's mode and removal. */
  public synchronized void listen(Path socket) throws IOException {
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(EpollServerDomainSocketChannel.class)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childHandler(new ChannelInitializer<DomainSocketChannel>() {
          @Override
          protected void initChannel(DomainSocketChannel ch) {
            // 64 KiB body chunks (fewer hand-overs for 300 MB uploads); 64 KiB of headers for X-Registry-Config.
            ch.pipeline().addLast(new HttpServerCodec(new HttpDecoderConfig().setMaxChunkSize(64 << 10).setMaxHeaderSize(64 << 10)));
            ch.pipeline().addLast(new HttpServerExpectContinueHandler());
            ch.pipeline().addLast(new HttpChannelHandler(dispatcher, defaultHeaders));
          }
        });
    try {
      listeners.add(b.bind(new DomainSocketAddress(socket.toFile())).sync().channel());
    } catch (Exception e) {
      throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
    }
  }

  /** Stops accepting and closes every connection. */
  @Override
  public synchronized void close() {
    for (Channel c : listeners) c.close().awaitUninterruptibly();
    listeners.clear();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
