package dev.berth.registry.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * A plain-HTTP reverse proxy on 127.0.0.1 in front of a registry, forwarding every request and injecting faults by
 * rule ({@link FaultRule.Fault}): an error status for the Nth request to a path, a response body cut after K bytes,
 * a flipped byte in a body, added latency, a request held until a condition holds, a replaced response header, a
 * connection closed without an answer. Point
 * the client at {@link #host()} instead of the registry's.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(registry)) {
 *   FaultRule second = proxy.on("GET", "/v2/app/blobs/.*").nth(2).respond(503);
 *   ... pull from proxy.host() ...
 *   assertThat(second.fired()).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Absolute {@code Location} headers that point at the registry are rewritten to point at the proxy, so uploads
 * keep going through it. The bearer challenge's realm (a token server) is left alone.
 */
public final class FaultProxy implements AutoCloseable {
  private static final Set<String> REQUEST_HOP_HEADERS = Set.of("host", "connection", "content-length", "expect",
      "upgrade", "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection");
  private static final Set<String> RESPONSE_HOP_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
      "keep-alive", "date");

  private final URI upstream;
  private final HttpClient client;
  private final HttpServer server;
  private final PlainHttpFront front;
  private final ExecutorService executor;
  private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
  /** By arrival: a request's answer may be written back before an earlier request's entry is made. */
  private final java.util.concurrent.ConcurrentSkipListMap<Long, Forwarded> log = new java.util.concurrent.ConcurrentSkipListMap<>();
  private final java.util.concurrent.atomic.AtomicLong arrivals = new java.util.concurrent.atomic.AtomicLong();

  /**
   * One request through the proxy: what was asked (the raw query is "" when there is none), the status the client
   * got (0: disconnected without an answer), and which faults hit it.
   */
  public record Forwarded(String method, String path, String query, int status, List<FaultRule.Fault> faults) {
    public Forwarded {
      faults = List.copyOf(faults);
    }
  }

  private FaultProxy(URI upstream, SSLContext sslContext) throws IOException {
    this.upstream = upstream;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(sslContext)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    this.front = PlainHttpFront.start(server.getAddress());
  }

  /** A proxy in front of a test registry (trusting its CA if it has one). */
  public static FaultProxy start(TestRegistry registry) {
    return start(registry.url(), registry.sslContext());
  }

  /** A proxy in front of any HTTP(S) registry at {@code upstream} (scheme://host:port). */
  public static FaultProxy start(URI upstream, SSLContext sslContext) {
    try {
      return new FaultProxy(upstream, sslContext);
    } catch (IOException e) {
      throw new UncheckedIOException("start a fault proxy for " + upstream + ": " + e.getMessage(), e);
    }
  }

  /** "127.0.0.1:PORT": use it as the registry host of image references. */
  public String host() {
    return "127.0.0.1:" + front.port();
  }

  public URI url() {
    return URI.create("http://" + host());
  }

  /**
   * Starts a rule for requests with this method ({@code null}: any) whose path (without the query) fully matches
   * {@code pathRegex}; the fault chosen on the builder adds it. Rules apply in the order they were added.
   */
  public FaultRule.Builder on(String method, String pathRegex) {
    return new FaultRule.Builder(method, pathRegex, rules::add);
  }

  /** Removes every rule: from now on the proxy only forwards. */
  public void clearRules() {
    rules.clear();
  }

  /** Every request answered so far, in the order they arrived (not the order they finished). */
  public List<Forwarded> forwarded() {
    // An entry is made after its answer went back, so a client may see its last answer before the entry exists:
    // wait (briefly) until every request that arrived has its entry.
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
    while (log.size() < arrivals.get() && System.nanoTime() < deadline) {
      TestRegistry.sleep(Duration.ofMillis(5));
    }
    return List.copyOf(log.values());
  }

  @Override
  public void close() {
    front.close();
    server.stop(0);
    executor.close();
    client.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrival = arrivals.getAndIncrement();
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    List<FaultRule.Fault> faults = new ArrayList<>();
    for (FaultRule rule : rules) {
      if (rule.hits(method, path)) {
        faults.add(rule.fault());
      }
    }
    int status = 502;
    try (exchange) {
      for (FaultRule.Fault fault : faults) {
        if (fault instanceof FaultRule.Fault.Delay(Duration duration)) {
          TestRegistry.sleep(duration);
        }
      }
      if (!released(faults)) {
        status = answerWith(exchange, 412);
        return;
      }
      if (faults.stream().anyMatch(FaultRule.Fault.Disconnect.class::isInstance)) {
        status = 0;
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        return;
      }
      Optional<FaultRule.Fault.Status> injected = faults.stream()
          .filter(FaultRule.Fault.Status.class::isInstance).map(FaultRule.Fault.Status.class::cast).findFirst();
      status = injected.isPresent() ? answerWith(exchange, injected.get().code()) : forward(exchange, faults);
    } finally {
      String query = exchange.getRequestURI().getRawQuery();
      log.put(arrival, new Forwarded(method, path, query == null ? "" : query, status, faults));
    }
  }

  /** Waits for every hold's condition; false when one did not come true within its timeout. */
  private static boolean released(List<FaultRule.Fault> faults) {
    for (FaultRule.Fault fault : faults) {
      if (fault instanceof FaultRule.Fault.Hold(java.util.function.BooleanSupplier until, Duration timeout)) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!until.getAsBoolean()) {
          if (System.nanoTime() > deadline) return false;
          TestRegistry.sleep(Duration.ofMillis(10));
        }
      }
    }
    return true;
  }

  /** Answers with an error status after reading the request body, so the client sees the status, not a reset. */
  private static int answerWith(HttpExchange exchange, int status) throws IOException {
    exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
    byte[] body = ("{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"fault injected by the test proxy: HTTP "
        + status + "\"}]}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
    } else {
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
    return status;
  }

  private int forward(HttpExchange exchange, List<FaultRule.Fault> faults) throws IOException {
    HttpResponse<InputStream> answer = send(upstreamRequest(exchange));
    try (InputStream upstreamBody = answer.body()) {
      InputStream body = upstreamBody;
      long length = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (length < 0 && faults.stream().anyMatch(FaultRule.Fault.Truncate.class::isInstance)) {
        // a chunked body could not be cut: closing the exchange would end it cleanly, so send it with a length
        byte[] all = upstreamBody.readAllBytes();
        body = new ByteArrayInputStream(all);
        length = all.length;
      }
      answer.headers().map().forEach((name, values) -> {
        if (!RESPONSE_HOP_HEADERS.contains(name.toLowerCase())) {
          values.forEach(value -> exchange.getResponseHeaders().add(name, rewriteLocation(name, value)));
        }
      });
      for (FaultRule.Fault fault : faults) {
        if (fault instanceof FaultRule.Fault.Header(String name, String value)) {
          exchange.getResponseHeaders().set(name, value);
        }
      }
      if (exchange.getRequestMethod().equals("HEAD")) {
        if (length >= 0) {
          exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
        }
        exchange.sendResponseHeaders(answer.statusCode(), -1);
        return answer.statusCode();
      }
      exchange.sendResponseHeaders(answer.statusCode(), length == 0 ? -1 : length < 0 ? 0 : length);
      if (length != 0) {
        BodyFaults.copy(body, exchange.getResponseBody(), faults);
      }
      return answer.statusCode();
    }
  }

  private HttpRequest upstreamRequest(HttpExchange exchange) {
    URI target = URI.create(upstream + exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(5));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!REQUEST_HOP_HEADERS.contains(name.toLowerCase())) {
        values.forEach(value -> request.header(name, value));
      }
    });
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    boolean chunked = "chunked".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Transfer-Encoding"));
    HttpRequest.BodyPublisher body;
    if (length != null && Long.parseLong(length) > 0) {
      body = HttpRequest.BodyPublishers.fromPublisher(
          HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody), Long.parseLong(length));
    } else if (chunked) {
      body = HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody);
    } else {
      body = HttpRequest.BodyPublishers.noBody();
    }
    return request.method(exchange.getRequestMethod(), body).build();
  }

  private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("forward " + request.method() + " " + request.uri() + ": interrupted", e);
    }
  }

  /** Points an absolute Location at the registry back at the proxy, so the client keeps using the proxy. */
  private String rewriteLocation(String name, String value) {
    if (name.equalsIgnoreCase("Location") && value.startsWith(upstream.toString())) {
      return url() + value.substring(upstream.toString().length());
    }
    return value;
  }

  /** Copies a response body, applying the body faults (truncate, corrupt) that hit the request. */
  static final class BodyFaults {
    private BodyFaults() {}

    static void copy(InputStream in, OutputStream out, List<FaultRule.Fault> faults) throws IOException {
      long cut = Long.MAX_VALUE;
      List<Long> flips = new ArrayList<>();
      for (FaultRule.Fault fault : faults) {
        switch (fault) {
          case FaultRule.Fault.Truncate(long bytes) -> cut = Math.min(cut, bytes);
          case FaultRule.Fault.Corrupt(long offset) -> flips.add(offset);
          case FaultRule.Fault.Status status -> { }
          case FaultRule.Fault.Delay delay -> { }
          case FaultRule.Fault.Header header -> { }
          case FaultRule.Fault.Disconnect disconnect -> { }
          case FaultRule.Fault.Hold hold -> { }
        }
      }
      byte[] buffer = new byte[64 * 1024];
      long position = 0;
      int read;
      while (position < cut && (read = in.read(buffer, 0, (int) Math.min(buffer.length, cut - position))) > 0) {
        for (long flip : flips) {
          if (flip >= position && flip < position + read) {
            buffer[(int) (flip - position)] ^= (byte) 0xFF;
          }
        }
        out.write(buffer, 0, read);
        position += read;
      }
      if (position == cut && in.read() >= 0) {
        out.flush();
        throw new IOException("fault proxy: response body cut after " + cut + " bytes");
      }
    }
  }
}
