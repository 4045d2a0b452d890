package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * The HTTP side shared by all clients of one daemon: one {@link HttpClient} (HTTP/1.1, redirects followed
 * here), the base URL of each registry and its choice of scheme. HTTPS is tried first; a registry for which
 * {@link RegistryOptions#plainHttpAllowed} holds falls back to plain HTTP when the TLS handshake fails, as
 * dockerd does; any other gets an error that says how to allow it. A loopback registry that answers plain HTTP as a
 * registry is taken at its word without the TLS attempt, which could only fail. Docker Hub is reached at
 * {@code registry-1.docker.io}.
 *
 * <p>A registry listed in insecure-registries is spoken to through a second client that accepts any
 * certificate ({@link RegistryOptions#skipsTlsVerification}), as dockerd sets {@code InsecureSkipVerify} for
 * it: a self-signed or privately signed registry then works over HTTPS, and plain HTTP is only the fallback
 * when HTTPS fails at the transport level.
 *
 * <p>GETs and HEADs (the probe, manifests, blob checks and, above all, blob bodies) go through {@link BlockingHttp},
 * a small blocking HTTP/1.1 client whose cost per byte is a socket read, unless a proxy is configured for the URL
 * or {@code -Dberth.registry.http=jdk} is set; requests with a body (uploads, manifests pushed) go through the
 * JDK's client. Both see the same TLS contexts, and their answers go through the same redirect, authentication,
 * retry and error handling.
 */
public final class RegistryTransport implements AutoCloseable {
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
  private static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  /**
   * {@code -Dberth.registry.http=jdk} sends every request through the JDK's client, as before {@link BlockingHttp}
   * (to compare the two); anything else, or nothing, sends GETs and HEADs through {@link BlockingHttp}.
   */
  static final String HTTP_PROPERTY = "berth.registry.http";

  private final RegistryOptions options;
  private final OnFirstUse<HttpClient> http;
  /** For insecure registries: accepts any certificate; null when the options list none. */
  private final OnFirstUse<HttpClient> unverified;
  /** GETs and HEADs: the verifying and the insecure client, as {@link #http} and {@link #unverified}; null when off. */
  private final BlockingHttp blocking;
  private final BlockingHttp unverifiedBlocking;
  private final Map<String, URI> bases = new ConcurrentHashMap<>();

  public RegistryTransport(RegistryOptions options) {
    this(options, !"jdk".equals(System.getProperty(HTTP_PROPERTY)));
  }

  /** {@code blockingHttp}: whether GETs and HEADs go through {@link BlockingHttp} (else through the JDK's client). */
  RegistryTransport(RegistryOptions options, boolean blockingHttp) {
    this.options = options;
    // made on first use: a plain-HTTP registry on loopback needs neither TLS context nor the JDK's client
    OnFirstUse<javax.net.ssl.SSLContext> verifying = new OnFirstUse<>(() -> TrustStores.context(options));
    OnFirstUse<javax.net.ssl.SSLContext> any =
        options.insecureRegistries().isEmpty() ? null : new OnFirstUse<>(TrustStores::trustingAnyCertificate);
    this.http = new OnFirstUse<>(() -> client(verifying.get()));
    this.unverified = any == null ? null : new OnFirstUse<>(() -> client(any.get()));
    this.blocking = blockingHttp ? new BlockingHttp(verifying, true, BlockingHttp.CONNECT_TIMEOUT, BlockingHttp.READ_TIMEOUT) : null;
    this.unverifiedBlocking = blockingHttp && any != null ? new BlockingHttp(any, false, BlockingHttp.CONNECT_TIMEOUT, BlockingHttp.READ_TIMEOUT) : null;
  }

  private static HttpClient client(javax.net.ssl.SSLContext tls) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(30))
        .sslContext(tls)
        .build();
  }

  /** The client that verifies certificates against the trusted CAs. */
  public HttpClient http() {
    return http.get();
  }

  /** The client for {@code registry}: the unverified one for an insecure registry, else {@link #http()}. */
  public HttpClient http(String registry) {
    return unverified != null && options.skipsTlsVerification(registry) ? unverified.get() : http.get();
  }

  public RegistryOptions options() {
    return options;
  }

  /**
   * Sends a request to {@code path} (absolute, from {@code /v2/}) on {@code registry} and follows
   * redirects; {@code authorization} (may be null) goes only to the registry's own host.
   */
  Response send(String registry, String method, String path, Map<String, String> headers, HttpRequest.BodyPublisher body,
      String authorization) throws IOException {
    URI base = base(registry);
    URI uri = path.contains("://") ? URI.create(path) : base.resolve(path);
    for (int hop = 0; ; hop++) {
      if (hop > 0) options.checkReachable(uri.getHost());
      boolean sameHost = uri.getAuthority().equals(base.getAuthority());
      Response r = exchange(registry, method, uri, headers, body, sameHost ? authorization : null, REQUEST_TIMEOUT);
      if (!REDIRECTS.contains(r.status()) || hop >= MAX_REDIRECTS) return r;
      String location = r.header("Location").orElse(null);
      r.body().close();
      if (location == null) throw new RegistryException(method + " " + uri + ": redirect without a Location", r.status());
      uri = uri.resolve(location);
      if (r.status() == 303) method = "GET";
    }
  }

  /**
   * One request, no redirects: a GET or HEAD without a body through {@link BlockingHttp} when it is on and no proxy
   * is configured for {@code uri}, anything else through the JDK's client. {@code timeout} bounds the wait for the
   * answer's head.
   */
  private Response exchange(String registry, String method, URI uri, Map<String, String> headers,
      HttpRequest.BodyPublisher body, String authorization, Duration timeout) throws IOException {
    BlockingHttp blocking = unverifiedBlocking != null && options.skipsTlsVerification(registry) ? unverifiedBlocking : this.blocking;
    boolean bodiless = (method.equals("GET") || method.equals("HEAD")) && body.contentLength() == 0;
    if (blocking != null && bodiless && BlockingHttp.direct(uri)) {
      Duration head = timeout == REQUEST_TIMEOUT ? null : timeout;
      return blocking.send(method, uri, withAuthorization(headers, authorization), head);
    }
    HttpResponse<InputStream> r = exchange(http(registry), request(method, uri, headers, body, authorization, timeout));
    return new Response(r.statusCode(), r.headers(), r.body(), uri);
  }

  private static Map<String, String> withAuthorization(Map<String, String> headers, String authorization) {
    if (authorization == null) return headers;
    Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put("Authorization", authorization);
    return all;
  }

  private static HttpRequest request(String method, URI uri, Map<String, String> headers, HttpRequest.BodyPublisher body,
      String authorization, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).method(method, body);
    headers.forEach(b::header);
    b.header("User-Agent", "berth");
    if (authorization != null) b.header("Authorization", authorization);
    return b.build();
  }

  private static HttpResponse<InputStream> exchange(HttpClient client, HttpRequest request) throws IOException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The registry's base URL, probed once: {@code https://host/} or, where allowed, {@code http://host/}. */
  URI base(String registry) throws IOException {
    URI known = bases.get(registry);
    if (known != null) return known;
    options.checkReachable(registry);
    String host = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
    URI https = URI.create("https://" + host + "/");
    boolean mayFallBack = options.plainHttpAllowed(registry);
    URI plain = URI.create("http://" + host + "/");
    if (mayFallBack && loopback(registry) && speaksPlainHttp(plain)) {
      bases.put(registry, plain);
      return plain;
    }
    try {
      exchange(registry, "GET", https.resolve("/v2/"), Map.of(), HttpRequest.BodyPublishers.noBody(), null,
          mayFallBack ? PROBE_TIMEOUT : REQUEST_TIMEOUT).body().close();
      bases.put(registry, https);
      return https;
    } catch (HttpTimeoutException | SocketTimeoutException e) {
      // a plain-HTTP server may sit silent on a TLS hello; only where plain HTTP is allowed is that a fallback
      if (!mayFallBack) throw new RegistryException("connecting to " + registry + ": " + describe(e), e);
    } catch (SSLException e) {
      if (untrustedCertificate(e)) {
        throw new RegistryException("connecting to " + registry + ": x509: the registry's certificate is not trusted ("
            + e.getMessage() + "); trust its CA through the registry options' CA certificates or certs.d/" + registry + "/ca.crt,"
            + " or list it in insecure-registries to use it without verifying its certificate", e);
      }
      if (!options.plainHttpAllowed(registry)) {
        throw new RegistryException("connecting to " + registry + ": HTTPS failed (" + e.getMessage() + "); if the registry"
            + " speaks plain HTTP, add it to insecure-registries (plain HTTP is allowed by default only for localhost,"
            + " 127.0.0.1 and ::1); if it uses a private CA, trust that CA", e);
      }
    } catch (ConnectException e) {
      throw new RegistryException("connecting to " + registry + ": " + describe(e), e);
    }
    bases.put(registry, plain);
    return plain;
  }

  private static boolean loopback(String registry) {
    String host = RegistryOptions.hostOf(registry.toLowerCase(java.util.Locale.ROOT));
    return host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
  }

  /**
   * Whether the registry answers {@code GET /v2/} in plain HTTP as a registry does (200 or 401). Then the TLS
   * handshake of the HTTPS probe could only fail, and skipping it spares a fresh daemon's first pull the TLS
   * stack's start (the trust store, a key share, the handshake, all interpreted at first: about 0.6 s). A TLS
   * server answers a plain request with an alert, a closed connection or a 400 (Go's "Client sent an HTTP request
   * to an HTTPS server"), and the HTTPS probe then runs as before. Only for loopback registries, where plain HTTP
   * is allowed anyway, and only through {@link BlockingHttp}.
   */
  private boolean speaksPlainHttp(URI plain) {
    if (blocking == null || !BlockingHttp.direct(plain)) return false;
    try {
      Response r = blocking.send("GET", plain.resolve("/v2/"), Map.of(), PROBE_TIMEOUT);
      r.body().close();
      return r.status() == 200 || r.status() == 401;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean untrustedCertificate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.security.cert.CertificateException) return true;
    }
    return false;
  }

  private static String describe(IOException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName() + " (connection refused?)";
  }

  @Override
  public void close() {
    http.ifMade(HttpClient::close);
    if (unverified != null) unverified.ifMade(HttpClient::close);
    if (blocking != null) blocking.close();
    if (unverifiedBlocking != null) unverifiedBlocking.close();
  }
}
