package dev.berth.registry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The TCP front of a plain-HTTP test server: it relays connections to the server behind it, except a connection that
 * opens with a TLS handshake, which gets Go's answer ("400 Bad Request ... HTTP request to an HTTPS server") and is
 * closed at once.
 *
 * <p>Why: clients allowed to use plain HTTP (skopeo with tls-verify off, Berth for 127.0.0.1) try HTTPS first. The
 * JDK's HttpServer takes the TLS ClientHello for the start of a request line and waits for the rest, so each
 * client's probe hung until its TLS handshake timeout (10 s for Go). docker-registry answers such a probe at once;
 * this front makes the fault proxy do the same.
 */
final class PlainHttpFront implements AutoCloseable {
  private static final int TLS_HANDSHAKE = 0x16;
  private static final byte[] NOT_TLS = ("HTTP/1.0 400 Bad Request\r\n\r\n"
      + "Client sent an HTTP request to an HTTPS server.\n").getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket listener;
  private final int backend;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private PlainHttpFront(ServerSocket listener, int backend) {
    this.listener = listener;
    this.backend = backend;
  }

  /** Listens on a free port of 127.0.0.1 and relays to {@code backend} (a port of 127.0.0.1). */
  static PlainHttpFront start(InetSocketAddress backend) {
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      PlainHttpFront front = new PlainHttpFront(listener, backend.getPort());
      front.threads.submit(front::acceptLoop);
      return front;
    } catch (IOException e) {
      throw new UncheckedIOException("listen on 127.0.0.1 for a test proxy: " + e.getMessage(), e);
    }
  }

  int port() {
    return listener.getLocalPort();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    open.forEach(PlainHttpFront::closeQuietly);
    threads.shutdownNow();
    threads.close();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        open.add(client);
        threads.submit(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    Socket server = null;
    try (client) {
      client.setTcpNoDelay(true);
      InputStream fromClient = client.getInputStream();
      int first = fromClient.read();
      if (first < 0) {
        return;
      }
      if (first == TLS_HANDSHAKE) {
        client.getOutputStream().write(NOT_TLS);
        return;
      }
      server = new Socket(InetAddress.getLoopbackAddress(), backend);
      open.add(server);
      server.setTcpNoDelay(true);
      server.getOutputStream().write(first);
      Socket upstream = server;
      var up = threads.submit(() -> pump(fromClient, upstream.getOutputStream(), upstream));
      pump(server.getInputStream(), client.getOutputStream(), client);
      closeQuietly(server);
      up.cancel(true);
    } catch (IOException e) {
      // a connection ended badly: both sides are closed below, as a cut connection should be
    } finally {
      if (server != null) {
        closeQuietly(server);
        open.remove(server);
      }
      open.remove(client);
    }
  }

  /** Copies until end of stream, then half-closes the destination so the other side sees the end too. */
  private static Void pump(InputStream in, OutputStream out, Socket destination) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    try {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
      destination.shutdownOutput();
    } catch (SocketException closed) {
      // the other direction closed this socket
    }
    return null;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }
}
