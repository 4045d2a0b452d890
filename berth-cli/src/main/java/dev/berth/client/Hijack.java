package dev.berth.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Opens a hijacked connection as the docker CLI does: the request carries {@code Connection: Upgrade} and
 * {@code Upgrade: tcp}; after a {@code 101} (or {@code 200}) head the socket is the container's stdio. The
 * HTTP here is written by hand rather than through Netty's codec, because after the head no HTTP rules apply
 * and every byte read past it belongs to the stream. An error status ends in a {@link DaemonException} with
 * the daemon's message.
 */
final class Hijack {
  private static final int MAX_HEAD = 64 * 1024;

  private Hijack() {}

  static HijackedStream open(Conduit socket, String hostHeader, ApiRequest request, String target, byte[] body) throws IOException {
    writeHead(socket, hostHeader, request, target, body);
    ByteArrayOutputStream sofar = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(8192);
    int end;
    while ((end = headEnd(sofar.toByteArray())) < 0) {
      buf.clear();
      if (socket.read(buf) < 0) throw new IOException("the daemon closed the connection without answering " + request.method() + " " + request.path());
      sofar.write(buf.array(), 0, buf.position());
      if (sofar.size() > MAX_HEAD) throw new IOException("malformed HTTP response from the daemon: head larger than " + MAX_HEAD + " bytes");
    }
    byte[] all = sofar.toByteArray();
    String head = new String(all, 0, end, StandardCharsets.ISO_8859_1);
    byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
    int status = status(head);
    Map<String, String> headers = headers(head);
    if (status == 101 || (status >= 200 && status < 300)) return new HijackedStream(socket, rest, headers.get("content-type"));
    throw new DaemonException(status, DaemonClient.errorMessage(new ApiResponse(status, headers, errorBody(socket, rest, headers))));
  }

  private static void writeHead(Conduit socket, String hostHeader, ApiRequest request, String target, byte[] body) throws IOException {
    StringBuilder sb = new StringBuilder(request.method()).append(' ').append(target).append(" HTTP/1.1\r\n");
    sb.append("Host: ").append(hostHeader).append("\r\n");
    sb.append("User-Agent: ").append(HttpTransport.USER_AGENT).append("\r\n");
    sb.append("Connection: Upgrade\r\nUpgrade: tcp\r\n");
    request.headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    if (!request.headers().containsKey("Content-Type")) sb.append("Content-Type: ").append(body.length > 0 ? "application/json" : "text/plain").append("\r\n");
    sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    ByteBuffer out = ByteBuffer.allocate(sb.length() + body.length);
    out.put(sb.toString().getBytes(StandardCharsets.ISO_8859_1)).put(body).flip();
    while (out.hasRemaining()) socket.write(out);
  }

  private static int headEnd(byte[] b) {
    for (int i = 0; i + 3 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i;
    }
    return -1;
  }

  private static int status(String head) throws IOException {
    String[] line = head.split("\r\n", 2)[0].split(" ", 3);
    try {
      if (line.length < 2 || !line[0].startsWith("HTTP/1.")) throw new NumberFormatException();
      return Integer.parseInt(line[1]);
    } catch (NumberFormatException e) {
      throw new IOException("malformed HTTP response from the daemon: status line \"" + head.split("\r\n", 2)[0] + "\"");
    }
  }

  private static Map<String, String> headers(String head) {
    Map<String, String> headers = new HashMap<>();
    String[] lines = head.split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
    }
    return headers;
  }

  /** The error's body: by Content-Length, by chunks, or up to the close. */
  private static InputStream errorBody(Conduit socket, byte[] rest, Map<String, String> headers) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(rest);
    String length = headers.get("content-length");
    boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
    ByteBuffer buf = ByteBuffer.allocate(8192);
    while (length == null || body.size() < Long.parseLong(length)) {
      if (chunked && endsChunked(body.toByteArray())) break;
      buf.clear();
      if (socket.read(buf) < 0) break;
      body.write(buf.array(), 0, buf.position());
    }
    byte[] bytes = chunked ? dechunk(body.toByteArray()) : body.toByteArray();
    return new ByteArrayInputStream(bytes);
  }

  private static boolean endsChunked(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1).endsWith("0\r\n\r\n");
  }

  private static byte[] dechunk(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String s = new String(b, StandardCharsets.ISO_8859_1);
    int pos = 0;
    while (pos < s.length()) {
      int eol = s.indexOf("\r\n", pos);
      if (eol < 0) break;
      int size;
      try {
        size = Integer.parseInt(s.substring(pos, eol).split(";")[0].strip(), 16);
      } catch (NumberFormatException e) {
        break;
      }
      if (size == 0 || eol + 2 + size > b.length) break;
      out.write(b, eol + 2, size);
      pos = eol + 2 + size + 2;
    }
    return out.toByteArray();
  }
}
