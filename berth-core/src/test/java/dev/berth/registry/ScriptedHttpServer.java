package dev.berth.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A loopback HTTP/1.1 server whose answers a test writes byte for byte (framing, cut bodies, closed connections),
 * which a real server would not let it do. Each connection has its own virtual thread; it reads request heads one
 * after another and hands each to the handler until the handler says to close. A request line that is not HTTP
 * (such as a TLS hello on a plain server) closes the connection.
 */
final class ScriptedHttpServer implements AutoCloseable {
  /** One request as received. */
  record Request(int connection, String method, String target, Map<String, String> headers) {
    String header(String name) {
      return headers.get(name);
    }
  }

  /** Writes the answer to {@code request}; returns whether to keep the connection open for another request. */
  @FunctionalInterface
  interface Handler {
    boolean answer(Request request, OutputStream out) throws IOException;
  }

  private final ServerSocket server;
  private final Handler handler;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private ScriptedHttpServer(ServerSocket server, Handler handler) {
    this.server = server;
    this.handler = handler;
    this.acceptor = Thread.ofVirtual().name("scripted-http-accept").start(this::acceptLoop);
  }

  static ScriptedHttpServer start(Handler handler) throws IOException {
    return start("127.0.0.1", null, handler);
  }

  /** On {@code address} (a loopback one), with TLS when {@code tls} is not null. */
  static ScriptedHttpServer start(String address, SSLContext tls, Handler handler) throws IOException {
    ServerSocket s = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    return new ScriptedHttpServer(s, handler);
  }

  /** {@code http://address:port} + path (or https when TLS). */
  URI uri(String scheme, String path) {
    return URI.create(scheme + "://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort() + path);
  }

  String hostPort() {
    return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        int id = connections.incrementAndGet();
        Thread.ofVirtual().name("scripted-http-" + id).start(() -> serve(s, id));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket, int id) {
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      while (true) {
        String line = readLine(in);
        if (line == null || !line.matches("[A-Z]+ \\S+ HTTP/1\\.[01]")) return;
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String h; (h = readLine(in)) != null && !h.isEmpty(); ) {
          int colon = h.indexOf(':');
          if (colon > 0) headers.put(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
        }
        String[] parts = line.split(" ");
        Request request = new Request(id, parts[0], parts[1], headers);
        requests.add(request);
        boolean keep = handler.answer(request, out);
        out.flush();
        if (!keep) return;
      }
    } catch (IOException e) {
      // the client went away, or the test's answer broke the connection on purpose
    }
  }

  /** A line of at most 8 KiB without its CRLF; null at the end of the stream or for binary junk. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0; ) {
      if (b == '\n') {
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      if (line.size() > 8192 || (b < 0x20 && b != '\r' && b != '\t')) return null;
      line.write(b);
    }
    return null;
  }

  /** Helpers for answers. */
  static byte[] head(int status, String... headers) {
    StringBuilder s = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    for (String h : headers) s.append(h).append("\r\n");
    return s.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 206 -> "Partial Content";
      case 307 -> "Temporary Redirect";
      case 404 -> "Not Found";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }

  /** The body as chunks of {@code size} bytes, with an extension on the first and a trailer at the end. */
  static byte[] chunked(byte[] body, int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> ext = new ArrayList<>(List.of(";name=value", ""));
    for (int i = 0; i < body.length; i += size) {
      int n = Math.min(size, body.length - i);
      out.writeBytes((Integer.toHexString(n).toUpperCase(Locale.ROOT) + (i == 0 ? ext.getFirst() : "") + "\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, i, n);
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.writeBytes("0\r\nX-Trailer: yes\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) s.close();
    try {
      acceptor.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
