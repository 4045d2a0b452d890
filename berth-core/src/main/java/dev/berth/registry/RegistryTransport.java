package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
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
 * dockerd does; any other gets an error that says how to allow it. Docker Hub is reached at
 * {@code registry-1.docker.io}.
 *
 * <p>A registry listed in insecure-registries is spoken to through a second client that accepts any
 * certificate ({@link RegistryOptions#skipsTlsVerification}), as dockerd sets {@code InsecureSkipVerify} for
 * it: a self-signed or privately signed registry then works over HTTPS, and plain HTTP is only the fallback
 * when HTTPS fails at the transport level.
 */
public final class RegistryTransport implements AutoCloseable {
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
  private static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  /**
   * {@code -Dberth.registry.http=jdk} sends blob downloads through the JDK's client too, as before {@link BlobHttp}
   * (to compare the two); anything else, or nothing, uses {@link BlobHttp} for them.
   */
  static final String HTTP_PROPERTY = "berth.registry.http";

  private final RegistryOptions options;
  private final HttpClient http;
  /** For insecure registries: accepts any certificate; null when the options list none. */
  private final HttpClient unverified;
  /** Blob bodies: the verifying and the insecure client, as for {@link #http} and {@link #unverified}; null when off. */
  private final BlobHttp blobs;
  private final BlobHttp unverifiedBlobs;
  private final Map<String, URI> bases = new ConcurrentHashMap<>();

  public RegistryTransport(RegistryOptions options) {
    this(options, !"jdk".equals(System.getProperty(HTTP_PROPERTY)));
  }

  /** {@code blobHttp}: whether blob downloads go through {@link BlobHttp} (else through the JDK's client). */
  RegistryTransport(RegistryOptions options, boolean blobHttp) {
    this.options = options;
    javax.net.ssl.SSLContext verifying = TrustStores.context(options);
    javax.net.ssl.SSLContext any = options.insecureRegistries().isEmpty() ? null : TrustStores.trustingAnyCertificate();
    this.http = client(verifying);
    this.unverified = any == null ? null : client(any);
    this.blobs = blobHttp ? new BlobHttp(verifying, true) : null;
    this.unverifiedBlobs = blobHttp && any != null ? new BlobHttp(any, false) : null;
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
    return http;
  }

  /** The client for {@code registry}: the unverified one for an insecure registry, else {@link #http()}. */
  public HttpClient http(String registry) {
    return unverified != null && options.skipsTlsVerification(registry) ? unverified : http;
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
    return follow(registry, method, path, headers, body, authorization, false);
  }

  /**
   * {@code GET path} for a blob's body, as {@link #send} does it (redirects, the Authorization header only on the
   * registry's host), but through {@link BlobHttp} on every hop that needs no proxy.
   */
  Response fetchBlob(String registry, String path, Map<String, String> headers, String authorization) throws IOException {
    return follow(registry, "GET", path, headers, HttpRequest.BodyPublishers.noBody(), authorization, true);
  }

  private Response follow(String registry, String method, String path, Map<String, String> headers,
      HttpRequest.BodyPublisher body, String authorization, boolean blob) throws IOException {
    URI base = base(registry);
    URI uri = path.contains("://") ? URI.create(path) : base.resolve(path);
    for (int hop = 0; ; hop++) {
      if (hop > 0) options.checkReachable(uri.getHost());
      boolean sameHost = uri.getAuthority().equals(base.getAuthority());
      String auth = sameHost ? authorization : null;
      BlobHttp blobHttp = blob && method.equals("GET") ? blobHttp(registry) : null;
      Response r = blobHttp != null && BlobHttp.direct(uri) ? blobHttp.get(uri, withAuthorization(headers, auth))
          : jdk(http(registry), request(method, uri, headers, body, auth), uri);
      if (!REDIRECTS.contains(r.status()) || hop >= MAX_REDIRECTS) return r;
      String location = r.header("Location").orElse(null);
      r.body().close();
      if (location == null) throw new RegistryException(method + " " + uri + ": redirect without a Location", r.status());
      uri = uri.resolve(location);
      if (r.status() == 303) method = "GET";
    }
  }

  private BlobHttp blobHttp(String registry) {
    return unverifiedBlobs != null && options.skipsTlsVerification(registry) ? unverifiedBlobs : blobs;
  }

  private static Map<String, String> withAuthorization(Map<String, String> headers, String authorization) {
    if (authorization == null) return headers;
    Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put("Authorization", authorization);
    return all;
  }

  private static Response jdk(HttpClient client, HttpRequest request, URI uri) throws IOException {
    HttpResponse<InputStream> r = exchange(client, request);
    return new Response(r.statusCode(), r.headers(), r.body(), uri);
  }

  private static HttpRequest request(String method, URI uri, Map<String, String> headers, HttpRequest.BodyPublisher body,
      String authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).method(method, body);
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
    try {
      HttpRequest probe = HttpRequest.newBuilder(https.resolve("/v2/")).GET().header("User-Agent", "berth")
          .timeout(mayFallBack ? PROBE_TIMEOUT : REQUEST_TIMEOUT).build();
      exchange(http(registry), probe).body().close();
      bases.put(registry, https);
      return https;
    } catch (HttpTimeoutException e) {
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
    URI http = URI.create("http://" + host + "/");
    bases.put(registry, http);
    return http;
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
    http.close();
    if (unverified != null) unverified.close();
    if (blobs != null) blobs.close();
    if (unverifiedBlobs != null) unverifiedBlobs.close();
  }
}
