package dev.berth.cli.training;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A tiny HTTP/1.1 server on a unix socket that answers GET requests from {@link CannedResponses}, one request
 * per connection, as the CLI makes them, and the hijacked attach of {@code run}. It is plain JDK (no Netty
 * server) so that the training run records only client-side classes. Not a general server: it reads the
 * request head and ignores any body.
 */
final class CannedDaemon implements AutoCloseable {
  private final Path dir;
  private final Path socketPath;
  private final ServerSocketChannel server;
  private final Thread acceptor;

  private CannedDaemon(Path dir) throws IOException {
    this.dir = dir;
    this.socketPath = dir.resolve("berth.sock");
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socketPath));
    this.acceptor = Thread.ofPlatform().daemon().name("canned-daemon").start(this::acceptLoop);
  }

  /** Listens on a new socket in a fresh temporary directory. */
  static CannedDaemon start() throws IOException {
    return new CannedDaemon(Files.createTempDirectory("berth-training-"));
  }

  /** {@code unix:///…/berth.sock}, for {@code BERTH_HOST}. */
  String host() {
    return "unix://" + socketPath;
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try (SocketChannel client = server.accept()) {
        answer(client);
      } catch (IOException e) {
        if (!server.isOpen()) return;
        // one bad exchange must not end the training run: the command reports its own failure
      }
    }
  }

  private static void answer(SocketChannel client) throws IOException {
    String head = readHead(client);
    String[] requestLine = head.substring(0, Math.max(0, head.indexOf("\r\n"))).split(" ");
    String target = requestLine.length > 1 ? requestLine[1] : "/";
    CannedResponses.Answer answer = CannedResponses.answer(requestLine[0], target);
    if (answer.status() == 101) {
      // attach: the connection becomes the container's stream; the canned output follows and the stream ends
      write(client, ("HTTP/1.1 101 UPGRADED\r\nContent-Type: " + answer.contentType() + "\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      write(client, answer.body().getBytes(StandardCharsets.ISO_8859_1));
      return;
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    StringBuilder response = new StringBuilder("HTTP/1.1 ").append(answer.status()).append(answer.status() < 400 ? " OK" : " Error").append("\r\n");
    for (Map.Entry<String, String> h : CannedResponses.HEADERS.entrySet()) response.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    response.append("Content-Type: ").append(answer.contentType()).append("\r\n");
    response.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
    write(client, response.toString().getBytes(StandardCharsets.US_ASCII));
    write(client, body);
  }

  /** Reads up to the blank line that ends the request head. */
  private static String readHead(SocketChannel client) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    while (buffer.hasRemaining()) {
      if (client.read(buffer) < 0) break;
      String sofar = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
      if (sofar.contains("\r\n\r\n")) return sofar;
    }
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
  }

  private static void write(SocketChannel client, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) client.write(b);
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(socketPath);
    Files.deleteIfExists(dir);
  }
}
