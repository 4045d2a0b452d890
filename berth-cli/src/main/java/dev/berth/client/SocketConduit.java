package dev.berth.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** A conduit over a connected unix or TCP socket: the local daemon, or one published on loopback TCP. */
final class SocketConduit implements Conduit {
  private final SocketChannel socket;

  SocketConduit(SocketChannel socket) {
    this.socket = socket;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return socket.read(dst);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return socket.write(src);
  }

  @Override
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public boolean isOpen() {
    return socket.isOpen();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
