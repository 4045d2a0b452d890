package dev.berth.registry;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 connection of {@link BlockingHttp}: a connected socket (plain, or TLS after its handshake), a
 * request without a body written in one go, the status line and headers read through a small buffer, and the body's bytes read
 * straight from the socket into the caller's array once that buffer is empty, so that a blob moves from the
 * kernel into the content store's 1 MiB buffer in as few Java calls as the socket allows. Used by one thread at a
 * time: the one that took it from the pool.
 */
final class HttpConnection implements AutoCloseable {
  /** The buffer the head is parsed from; a body read of at least this size bypasses it. */
  private static final int HEAD_BUFFER = 16 * 1024;
  private static final int MAX_HEAD = 64 * 1024;

  /** The status line and headers of one answer. */
  record Head(int status, boolean http11, HttpHeaders headers) {}

  private final String origin;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] buffer = new byte[HEAD_BUFFER];
  private int position;
  private int limit;
  private long idleSince;

  HttpConnection(String origin, Socket socket) throws IOException {
    this.origin = origin;
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** {@code scheme://host:port}: the pool's key. */
  String origin() {
    return origin;
  }

  long idleSince() {
    return idleSince;
  }

  void markIdle(long nanos) {
    idleSince = nanos;
  }

  /** Writes {@code <method> <path> HTTP/1.1} with Host, User-Agent and {@code headers}; no request body. */
  void writeRequest(String method, URI uri, Map<String, String> headers) throws IOException {
    StringBuilder request = new StringBuilder(256).append(method).append(' ').append(target(uri)).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(uri.getRawAuthority()).append("\r\n");
    request.append("User-Agent: berth\r\n");
    headers.forEach((name, value) -> {
      if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("header " + name + " holds a line break");
      }
      request.append(name).append(": ").append(value).append("\r\n");
    });
    request.append("\r\n");
    out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** The longest wait for bytes from the server, from now on. */
  void readTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  private static String target(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  /**
   * Reads the status line and headers, skipping interim 1xx answers. {@link EOFException} when the server closed
   * the connection before the first byte of an answer (a stale pooled connection).
   */
  Head readHead() throws IOException {
    while (true) {
      int read = 0;
      String status = readLine(true);
      read += status.length();
      if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' ') {
        throw new IOException("malformed HTTP status line from " + origin + ": " + printable(status));
      }
      int code = parseStatus(status);
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (String line; !(line = readLine(false)).isEmpty(); ) {
        read += line.length();
        if (read > MAX_HEAD) throw new IOException("the answer's headers from " + origin + " exceed " + MAX_HEAD + " bytes");
        int colon = line.indexOf(':');
        if (colon <= 0) throw new IOException("malformed HTTP header from " + origin + ": " + printable(line));
        headers.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
      }
      if (code >= 100 && code < 200 && code != 101) continue;
      return new Head(code, status.startsWith("HTTP/1.1"), HttpHeaders.of(headers, (k, v) -> true));
    }
  }

  private int parseStatus(String line) throws IOException {
    try {
      return Integer.parseInt(line, 9, 12, 10);
    } catch (NumberFormatException e) {
      throw new IOException("malformed HTTP status line from " + origin + ": " + printable(line));
    }
  }

  /**
   * One line without its CRLF (a bare LF is accepted too). {@code first}: an end of stream before any byte is an
   * {@link EOFException}, which tells a stale connection from a broken answer.
   */
  String readLine(boolean first) throws IOException {
    StringBuilder line = new StringBuilder(64);
    boolean any = false;
    while (true) {
      if (position == limit && !fill()) {
        if (first && !any) throw new EOFException("the server closed the connection before answering");
        throw new IOException("the connection to " + origin + " closed in the middle of the answer's head");
      }
      any = true;
      byte b = buffer[position++];
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') line.setLength(end - 1);
        return line.toString();
      }
      if (line.length() >= MAX_HEAD) throw new IOException("an HTTP line from " + origin + " exceeds " + MAX_HEAD + " bytes");
      line.append((char) (b & 0xff));
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) return false;
    position = 0;
    limit = n;
    return true;
  }

  /**
   * Reads up to {@code len} bytes of the body: what the head's buffer still holds first, then straight from the
   * socket into {@code b}. -1 at the end of the stream.
   */
  int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (position < limit) {
      int n = Math.min(len, limit - position);
      System.arraycopy(buffer, position, b, off, n);
      position += n;
      return n;
    }
    if (len >= buffer.length) return in.read(b, off, len);
    if (!fill()) return -1;
    return read(b, off, len);
  }

  /** Whether the peer has sent bytes not read yet: on an idle connection, a sign that it is not fit for reuse. */
  boolean hasUnreadBytes() {
    return position < limit;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to release beyond the socket
    }
  }

  private static String printable(String s) {
    String cut = s.length() > 100 ? s.substring(0, 100) + "…" : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
