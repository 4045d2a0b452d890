package dev.berth.engine.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The smallest registry a pull can use, for {@link PullWarmup}: plain HTTP/1.1 on 127.0.0.1, keep-alive, one virtual
 * thread per connection, answering GET and HEAD from a fixed map of paths. A TLS hello (the transport's HTTPS probe)
 * gets an HTTP 400 and a closed connection at once, as Go's servers answer it, so the probe falls back to plain HTTP
 * without waiting for its timeout.
 */
final class WarmupRegistry implements AutoCloseable {
  /** One answer: the body and its extra headers. */
  record Answer(byte[] body, Map<String, String> headers) {}

  private static final int TLS_HANDSHAKE = 0x16;

  private final ServerSocket server;
  private final Map<String, Answer> answers;

  WarmupRegistry(Map<String, Answer> answers) throws IOException {
    this.answers = Map.copyOf(answers);
    this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("warmup-registry").start(this::accept);
  }

  /** {@code 127.0.0.1:PORT}. */
  String host() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket; InputStream in = new BufferedInputStream(socket.getInputStream()); OutputStream out = socket.getOutputStream()) {
      while (true) {
        in.mark(1);
        int first = in.read();
        if (first < 0) return;
        if (first == TLS_HANDSHAKE) {
          out.write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          return;
        }
        in.reset();
        String[] request = readLine(in).split(" ");
        while (!readLine(in).isEmpty()) {
          // headers are not needed: every answer is fixed
        }
        if (request.length < 2) return;
        answer(out, request[0], request[1]);
      }
    } catch (IOException e) {
      // the client went away; the warm-up reports its own failure
    }
  }

  private void answer(OutputStream out, String method, String path) throws IOException {
    Answer a = answers.get(path);
    StringBuilder head = new StringBuilder(a == null ? "HTTP/1.1 404 Not Found\r\n" : "HTTP/1.1 200 OK\r\n");
    head.append("Content-Length: ").append(a == null ? 0 : a.body().length).append("\r\n");
    if (a != null) a.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    if (a != null && !method.equals("HEAD")) out.write(a.body());
    out.flush();
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
      if (c != '\r') line.append((char) c);
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
