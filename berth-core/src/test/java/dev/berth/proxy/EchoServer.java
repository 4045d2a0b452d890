package dev.berth.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP backend for the tests: on each connection it first writes its one-byte tag (so a test can tell
 * which backend it reached), then echoes everything until the client's EOF, then ends its own output.
 */
final class EchoServer implements AutoCloseable {
  private final ServerSocket server;
  private final byte tag;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  EchoServer(char tag) throws IOException {
    this(tag, 0);
  }

  EchoServer(char tag, int port) throws IOException {
    this.tag = (byte) tag;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    Thread.ofVirtual().start(this::acceptLoop);
  }

  Backend backend() {
    return new Backend("127.0.0.1", server.getLocalPort());
  }

  int openConnections() {
    return open.size();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        Thread.ofVirtual().start(() -> echo(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void echo(Socket s) {
    try (s) {
      s.getOutputStream().write(tag);
      s.getInputStream().transferTo(s.getOutputStream());
      s.shutdownOutput();
      s.getInputStream().read(); // wait for the peer to close
    } catch (IOException e) {
      // peer went away
    } finally {
      open.remove(s);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) s.close();
  }
}
