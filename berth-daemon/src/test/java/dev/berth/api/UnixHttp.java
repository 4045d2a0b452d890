package dev.berth.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A minimal HTTP/1.1 client over a unix socket, for tests: raw requests, parsed answers (chunked too). */
public final class UnixHttp {
  private UnixHttp() {}

  public record Response(int status, String reason, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  public static Response get(Path socket, String uri) throws IOException {
    return send(socket, "GET", uri, Map.of(), null);
  }

  public static Response send(Path socket, String method, String uri, Map<String, String> headers, byte[] body) throws IOException {
    try (Conn c = Conn.open(socket)) {
      c.writeRequest(method, uri, headers, body, true);
      return c.readResponse(method.equals("HEAD"));
    }
  }

  /** One open connection, for streaming and upgrade tests. */
  public static final class Conn implements AutoCloseable {
    public final SocketChannel channel;
    public final InputStream in;
    public final OutputStream out;

    private Conn(SocketChannel channel) {
      this.channel = channel;
      this.in = Channels.newInputStream(channel);
      this.out = Channels.newOutputStream(channel);
    }

    public static Conn open(Path socket) throws IOException {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
      return new Conn(ch);
    }

    public void writeRequest(String method, String uri, Map<String, String> headers, byte[] body, boolean close) throws IOException {
      StringBuilder sb = new StringBuilder(method + " " + uri + " HTTP/1.1\r\nHost: berth\r\n");
      headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) sb.append("Content-Length: ").append(body.length).append("\r\n");
      if (close) sb.append("Connection: close\r\n");
      sb.append("\r\n");
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      if (body != null) out.write(body);
      out.flush();
    }

    /** Reads the status line and headers. */
    public Response readHead() throws IOException {
      String status = line();
      if (status == null) throw new IOException("connection closed before an answer");
      String[] parts = status.split(" ", 3);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String l = line(); l != null && !l.isEmpty(); l = line()) {
        int colon = l.indexOf(':');
        headers.put(l.substring(0, colon).trim().toLowerCase(), l.substring(colon + 1).trim());
      }
      return new Response(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "", headers, new byte[0]);
    }

    public Response readResponse(boolean head) throws IOException {
      Response h = readHead();
      byte[] body;
      if (head || h.status() == 204 || h.status() == 101) body = new byte[0];
      else if ("chunked".equalsIgnoreCase(h.header("transfer-encoding"))) body = chunked();
      else if (h.header("content-length") != null) body = in.readNBytes(Integer.parseInt(h.header("content-length")));
      else body = in.readAllBytes();
      return new Response(h.status(), h.reason(), h.headers(), body);
    }

    /** The next chunk of a chunked body, or null at its end. */
    public byte[] nextChunk() throws IOException {
      String size = line();
      if (size == null) return null;
      int n = Integer.parseInt(size.trim(), 16);
      if (n == 0) {
        line();
        return null;
      }
      byte[] data = in.readNBytes(n);
      line();
      return data;
    }

    private byte[] chunked() throws IOException {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (byte[] c = nextChunk(); c != null; c = nextChunk()) all.write(c);
      return all.toByteArray();
    }

    public String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') break;
        if (c != '\r') b.write(c);
      }
      if (c < 0 && b.size() == 0) return null;
      return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
