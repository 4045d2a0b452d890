package dev.berth.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The HTTP/1.1 client of {@link TrainingRun}: one request per connection on berthd's unix socket, the whole answer read
 * until the server closes it. Deliberately tiny: the daemon module has no API client, and the training only needs a
 * request's status and its raw body (chunked framing left in, which a "contains" check does not mind), and requests
 * left open while others are made, as {@code docker run} leaves its attach and wait open.
 */
final class TrainingClient {
  private final Path socket;

  TrainingClient(Path socket) {
    this.socket = socket;
  }

  /** Sends the request; returns the answer's body, after adding to {@code failures} a status other than {@code status}. */
  String expect(List<String> failures, int status, String method, String path, String json) throws IOException {
    return send(failures, status, method, path, json == null ? null : "application/json",
        json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  /** As {@link #expect} with a body of any type ({@code contentType} null: no body). */
  String send(List<String> failures, int status, String method, String path, String contentType, byte[] body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : body;
    String head = method + " " + path + " HTTP/1.1\r\nHost: berthd\r\nConnection: close\r\n"
        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
        + (body == null && !method.equals("POST") ? "" : "Content-Length: " + bytes.length + "\r\n") + "\r\n";
    String answer = exchange(head.getBytes(StandardCharsets.US_ASCII), bytes);
    int eol = answer.indexOf("\r\n");
    String[] statusLine = (eol < 0 ? answer : answer.substring(0, eol)).split(" ", 3);
    int got = statusLine.length > 1 && statusLine[1].matches("\\d{3}") ? Integer.parseInt(statusLine[1]) : -1;
    int bodyAt = answer.indexOf("\r\n\r\n");
    String text = bodyAt < 0 ? "" : answer.substring(bodyAt + 4);
    if (got != status) failures.add(method + " " + path + ": status " + got + ", expected " + status + ": " + text.strip());
    return text;
  }

  /**
   * Sends a bodiless POST with extra header lines and reads only the answer's head, as the docker CLI does for the
   * requests it keeps open while it makes others: {@code docker run}'s attach (upgraded to a raw stream) and its wait,
   * both answered at once, before the start.
   */
  Open open(String path, String extraHeaders) throws IOException {
    String head = "POST " + path + " HTTP/1.1\r\nHost: berthd\r\nContent-Length: 0\r\n" + extraHeaders + "\r\n";
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.connect(UnixDomainSocketAddress.of(socket));
      write(ch, head.getBytes(StandardCharsets.US_ASCII), new byte[0]);
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      ByteBuffer one = ByteBuffer.allocate(1);
      while (!got.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        if (ch.read(one.clear()) < 0) throw new IOException("POST " + path + ": closed before the answer's head ended");
        got.write(one.array()[0]);
      }
      return new Open(ch, got.toString(StandardCharsets.ISO_8859_1));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** A request whose answer's head has been read and whose body is still to come. */
  static final class Open implements AutoCloseable {
    private final SocketChannel ch;
    private final String head;

    private Open(SocketChannel ch, String head) {
      this.ch = ch;
      this.head = head;
    }

    /** The status line and headers. */
    String head() {
      return head;
    }

    /** Reads the rest of the answer until the server closes the connection. */
    String readRest() throws IOException {
      try (ch) {
        return TrainingClient.readAll(ch);
      }
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

  private String exchange(byte[] head, byte[] body) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      write(ch, head, body);
      return readAll(ch);
    }
  }

  private static void write(SocketChannel ch, byte[] head, byte[] body) throws IOException {
    ByteBuffer out = ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
    while (out.hasRemaining()) ch.write(out);
  }

  private static String readAll(SocketChannel ch) throws IOException {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    while (ch.read(buf) >= 0) {
      in.write(buf.array(), 0, buf.position());
      buf.clear();
    }
    return in.toString(StandardCharsets.UTF_8);
  }
}
