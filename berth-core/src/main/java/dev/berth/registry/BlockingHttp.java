package dev.berth.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small blocking HTTP/1.1 client for the registry's GET and HEAD requests, the blobs' bodies above all. The JDK's
 * {@code HttpClient} hands a body over as a reactive flow of many small buffers, many Java calls per chunk, which is
 * slow while a fresh daemon's code still runs interpreted and costs CPU even once it is compiled. Here a blob's bytes
 * go from the socket straight into the reader's array ({@link HttpConnection}), framed by {@link BodyStream}.
 * Requests with a body (uploads, manifests pushed, token POSTs) stay on the JDK's client; redirects,
 * authentication and error statuses are handled by the callers exactly as for that client's answers
 * ({@link RegistryTransport}).
 *
 * <p>Plain sockets for {@code http}; for {@code https} an {@link SSLSocket} from the transport's TLS context, with
 * the host name checked against the certificate ({@code HTTPS} endpoint identification) unless the registry is
 * listed as insecure. Connections are kept per origin and reused only after a body was read to its end. A pooled
 * connection that the server closed while it sat idle fails before any answer; the request is then sent once more
 * on a fresh connection. No proxy: {@link #direct} tells the transport when the JDK's client must be kept.
 */
final class BlockingHttp implements AutoCloseable {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  static final Duration READ_TIMEOUT = Duration.ofMinutes(10);
  /** Go's http.Transport drops idle connections after 90 s; keep well inside what servers commonly allow. */
  private static final long MAX_IDLE_NANOS = Duration.ofSeconds(30).toNanos();
  private static final int MAX_IDLE_PER_ORIGIN = 8;

  /** Made at the first https connection: a plain-HTTP registry never pays for the TLS context. */
  private final OnFirstUse<SSLSocketFactory> tls;
  private final boolean verifyHostnames;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final Object lock = new Object();
  /** Idle connections per origin, most recently used first; owned by {@link #lock}. */
  private final Map<String, ArrayDeque<HttpConnection>> idle = new HashMap<>();
  private boolean closed;

  BlockingHttp(SSLContext tls, boolean verifyHostnames) {
    this(() -> tls, verifyHostnames, CONNECT_TIMEOUT, READ_TIMEOUT);
  }

  BlockingHttp(SSLContext tls, boolean verifyHostnames, Duration connectTimeout, Duration readTimeout) {
    this(() -> tls, verifyHostnames, connectTimeout, readTimeout);
  }

  /** {@code tls} is asked for its context only at the first https connection. */
  BlockingHttp(Supplier<SSLContext> tls, boolean verifyHostnames, Duration connectTimeout, Duration readTimeout) {
    this.tls = new OnFirstUse<>(() -> tls.get().getSocketFactory());
    this.verifyHostnames = verifyHostnames;
    this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
    this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
  }

  /**
   * Whether {@code uri} is reached without a proxy. The JDK's client follows the default {@link ProxySelector}
   * (the {@code http.proxyHost} and {@code https.proxyHost} properties); this client speaks to origins only, so
   * the transport keeps the JDK's client wherever the selector names a proxy.
   */
  static boolean direct(URI uri) {
    ProxySelector selector = ProxySelector.getDefault();
    if (selector == null) return true;
    List<Proxy> proxies = selector.select(uri);
    return proxies == null || proxies.stream().allMatch(p -> p.type() == Proxy.Type.DIRECT);
  }

  /**
   * Sends {@code method uri} (GET or HEAD: no request body) with {@code headers} (Authorization, Range, Accept as
   * the caller gives them) and returns the answer with its body unread; the body must be read to its end or
   * closed. {@code timeout}, when not null, bounds the connect and the wait for the answer's head (the HTTPS probe's
   * short wait); the body's reads wait up to the read timeout.
   */
  Response send(String method, URI uri, Map<String, String> headers, Duration timeout) throws IOException {
    if (!method.equals("GET") && !method.equals("HEAD")) throw new IllegalArgumentException("not sent here: " + method);
    String origin = origin(uri);
    HttpConnection pooled = take(origin);
    if (pooled != null) {
      try {
        return exchange(pooled, method, uri, headers, timeout);
      } catch (SocketTimeoutException e) {
        pooled.close();
        throw e;
      } catch (IOException e) {
        // closed by the server while idle (an end of stream, a reset or a TLS close before any answer):
        // a GET or HEAD may be sent again, once, on a fresh connection
        pooled.close();
        if (Thread.currentThread().isInterrupted()) throw e;
      } catch (RuntimeException e) {
        pooled.close();
        throw e;
      }
    }
    HttpConnection fresh = connect(uri, origin, timeout);
    try {
      return exchange(fresh, method, uri, headers, timeout);
    } catch (IOException | RuntimeException e) {
      fresh.close();
      throw e;
    }
  }

  /** {@code GET uri} with the default timeouts. */
  Response get(URI uri, Map<String, String> headers) throws IOException {
    return send("GET", uri, headers, null);
  }

  private Response exchange(HttpConnection connection, String method, URI uri, Map<String, String> headers, Duration timeout)
      throws IOException {
    if (timeout != null) connection.readTimeout(millis(timeout));
    connection.writeRequest(method, uri, headers);
    HttpConnection.Head head = connection.readHead();
    if (timeout != null) connection.readTimeout(readTimeoutMillis);
    return new Response(head.status(), head.headers(), BodyStream.of(connection, head, method.equals("HEAD"), this::giveBack), uri);
  }

  private static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  private HttpConnection connect(URI uri, String origin, Duration timeout) throws IOException {
    boolean https = uri.getScheme().equalsIgnoreCase("https");
    String host = host(uri);
    int port = port(uri);
    Socket socket = new Socket(Proxy.NO_PROXY);
    try {
      socket.connect(new InetSocketAddress(host, port), timeout == null ? connectTimeoutMillis
          : Math.min(connectTimeoutMillis, millis(timeout)));
      socket.setSoTimeout(timeout == null ? readTimeoutMillis : millis(timeout));
      socket.setTcpNoDelay(true);
      if (!https) {
        if (timeout != null) socket.setSoTimeout(readTimeoutMillis);
        return new HttpConnection(origin, socket);
      }
      SSLSocket secure = (SSLSocket) tls.get().createSocket(socket, host, port, true);
      SSLParameters parameters = secure.getSSLParameters();
      if (verifyHostnames) parameters.setEndpointIdentificationAlgorithm("HTTPS");
      secure.setSSLParameters(parameters);
      secure.startHandshake();
      if (timeout != null) secure.setSoTimeout(readTimeoutMillis);
      return new HttpConnection(origin, secure);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static String origin(URI uri) throws IOException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) throw new IOException("not an http or https URL: " + uri);
    if (uri.getHost() == null) throw new IOException("no host in " + uri);
    return scheme + "://" + host(uri) + ":" + port(uri);
  }

  private static String host(URI uri) {
    String host = uri.getHost();
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) return uri.getPort();
    return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  /** A pooled connection to {@code origin} that has not idled too long, or null. */
  private HttpConnection take(String origin) {
    long now = System.nanoTime();
    synchronized (lock) {
      ArrayDeque<HttpConnection> connections = idle.get(origin);
      if (connections == null) return null;
      for (HttpConnection c; (c = connections.pollFirst()) != null; ) {
        if (now - c.idleSince() < MAX_IDLE_NANOS) return c;
        c.close();
      }
      return null;
    }
  }

  /** Takes back a connection whose answer was read to its end. */
  private void giveBack(HttpConnection connection) {
    synchronized (lock) {
      ArrayDeque<HttpConnection> connections = idle.computeIfAbsent(connection.origin(), k -> new ArrayDeque<>());
      if (closed || connections.size() >= MAX_IDLE_PER_ORIGIN) {
        connection.close();
        return;
      }
      connection.markIdle(System.nanoTime());
      connections.addFirst(connection);
    }
  }

  /** Idle connections now, for tests. */
  int idleConnections() {
    synchronized (lock) {
      return idle.values().stream().mapToInt(ArrayDeque::size).sum();
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      idle.values().forEach(d -> d.forEach(HttpConnection::close));
      idle.clear();
    }
  }
}
