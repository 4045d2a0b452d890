package dev.berth.api.transport;

import dev.berth.api.Exchange;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.unix.DomainSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A hijacked connection: raw client bytes in through a {@link BodyStream}, raw bytes out to the channel. */
final class RawConnectionImpl implements Exchange.RawConnection {
  private final Channel channel;
  private final BodyStream input;
  private final OutputStream output;

  RawConnectionImpl(Channel channel, BodyStream input) {
    this.channel = channel;
    this.input = input;
    this.output = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (!channel.isActive()) throw new IOException("client closed the connection");
        ChannelFuture f = channel.writeAndFlush(Unpooled.copiedBuffer(b, off, len));
        if (!channel.isWritable()) {
          f.awaitUninterruptibly();
          if (!f.isSuccess()) throw new IOException("writing to the client failed: " + f.cause().getMessage(), f.cause());
        }
      }
    };
  }

  BodyStream input() {
    return input;
  }

  @Override
  public InputStream in() {
    return input;
  }

  @Override
  public OutputStream out() {
    return output;
  }

  @Override
  public void closeWrite() throws IOException {
    if (channel instanceof DomainSocketChannel d) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).awaitUninterruptibly(); // earlier writes reach the socket first
      d.shutdownOutput().awaitUninterruptibly();
    } else {
      channel.close();
    }
  }

  @Override
  public void close() {
    input.close();
    channel.close().awaitUninterruptibly();
  }
}
