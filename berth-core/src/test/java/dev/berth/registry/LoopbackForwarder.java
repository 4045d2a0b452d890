package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Forwards TCP connections from another loopback address (e.g. 127.0.0.2, which Berth does not treat as
 * localhost) to a registry on 127.0.0.1, so tests can reach a plain-HTTP registry under a name that is not
 * allowed plain HTTP by default. Closing it stops accepting and closes the listening socket.
 */
final class LoopbackForwarder implements AutoCloseable {
  private final ServerSocket server;
  private final String target;

  private LoopbackForwarder(ServerSocket server, String target) {
    this.server = server;
    this.target = target;
  }

  static LoopbackForwarder start(String address, String target) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    LoopbackForwarder f = new LoopbackForwarder(server, target);
    Thread.ofVirtual().start(f::accept);
    return f;
  }

  String host() {
    return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        int colon = target.lastIndexOf(':');
        Socket upstream = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
        Thread.ofVirtual().start(() -> pipe(client, upstream));
        Thread.ofVirtual().start(() -> pipe(upstream, client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException ignored) {
      // one side closed
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
