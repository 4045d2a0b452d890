package dev.berth.registry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A token server for {@link TestRegistry#withTokenAuth}: the "realm" of distribution's bearer challenge, on
 * 127.0.0.1, issuing RS256 JWTs the registry accepts (its key's certificate is the registry's rootcertbundle, and
 * each token carries it in {@code x5c}).
 *
 * <p>It grants what is asked: every action to a user who logs in (or to anyone when no credentials are configured),
 * and only "pull" to an anonymous client when {@link Builder#anonymousPull()} is set. It answers docker's GET flow
 * ({@code ?service=&scope=&offline_token=}, basic auth optional) and the OAuth2 POST flow ({@code grant_type=password}
 * or {@code refresh_token}), and records every request with the scopes asked for ({@link #requests()}).
 *
 * <p>Lifetime: {@code expires_in} is the configured lifetime, and the registry refuses the token after exactly that
 * long. distribution allows 60 s of clock skew past a token's {@code exp}, so {@code exp} is set 60 s earlier than the
 * lifetime says; a 2 s lifetime really means a token dead 2 s after it was issued. {@link #setLifetime} changes it
 * for the next tokens, e.g. to make a token expire in the middle of a push.
 */
public final class TokenServer implements AutoCloseable {
  /** distribution's allowance for clock skew on exp and nbf (registry/auth/token, "Leeway"). */
  static final Duration REGISTRY_LEEWAY = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final Path dir;
  private final TokenSigner signer;
  private final Optional<Credentials> credentials;
  private final boolean anonymousPull;
  private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  private volatile Duration lifetime;

  private record Credentials(String user, String password) {}

  /** One request to the token endpoint: who asked (empty: anonymous), for which service and scopes, and how. */
  public record TokenRequest(String method, Optional<String> user, String service, List<String> scopes,
      boolean refresh, int status, Instant at) {
    public TokenRequest {
      scopes = List.copyOf(scopes);
    }
  }

  private TokenServer(Builder builder, Path dir) throws IOException {
    this.dir = dir;
    this.credentials = Optional.ofNullable(builder.credentials);
    this.anonymousPull = builder.anonymousPull;
    this.lifetime = builder.lifetime;
    this.signer = new TokenSigner(TestPki.signingKey(dir, "token-signer"), builder.issuer, builder.service);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/token", this::handle);
    server.start();
  }

  /** Anonymous access with every action, 5 minute tokens. */
  public static TokenServer start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The token endpoint, http://127.0.0.1:PORT/token: the {@code realm} of the registry's challenge. */
  public URI realm() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  public String service() {
    return signer.service();
  }

  public String issuer() {
    return signer.issuer();
  }

  /** The PEM certificate of the signing key: the registry's {@code rootcertbundle}. */
  public Path rootCertificate() {
    return signer.key().certificatePem();
  }

  /** Every request so far, oldest first. */
  public List<TokenRequest> requests() {
    return List.copyOf(requests);
  }

  /** All scopes asked for so far, in order, e.g. "repository:app:pull,push". */
  public List<String> scopesRequested() {
    return requests.stream().flatMap(request -> request.scopes().stream()).toList();
  }

  public Duration lifetime() {
    return lifetime;
  }

  /** Changes how long the next tokens live (those already issued keep theirs). */
  public void setLifetime(Duration lifetime) {
    this.lifetime = Builder.checked(lifetime);
  }

  /** Issues a token directly, as the endpoint would for {@code user} (empty: anonymous): for tests of expiry. */
  public String issue(Optional<String> user, List<String> scopes) {
    return signer.sign(user, Scopes.grant(scopes, grantable(user)), Instant.now(), lifetime);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
    Commands.deleteTree(dir);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      TokenRequests.Parsed parsed = TokenRequests.parse(exchange);
      Optional<String> user = authenticate(parsed);
      if (user == null) {
        record(exchange, parsed, Optional.empty(), 401);
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"berth-test-token\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      Instant now = Instant.now();
      Duration life = lifetime;
      String token = signer.sign(user, Scopes.grant(parsed.scopes(), grantable(user)), now, life);
      ObjectNode body = JSON.createObjectNode();
      body.put("token", token);
      body.put("access_token", token);
      body.put("expires_in", life.toSeconds());
      body.put("issued_at", now.toString());
      if (user.isPresent() && (parsed.offlineToken() || parsed.method().equals("POST"))) {
        String refresh = UUID.randomUUID().toString();
        refreshTokens.put(refresh, user.get());
        body.put("refresh_token", refresh);
      }
      record(exchange, parsed, user, 200);
      byte[] bytes = JSON.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  /**
   * The user a request speaks for: empty for anonymous, null when it must be refused (wrong password, unknown
   * refresh token, or anonymous where credentials are required and anonymous pull is off).
   */
  private Optional<String> authenticate(TokenRequests.Parsed parsed) {
    if (parsed.refreshToken().isPresent()) {
      String user = refreshTokens.get(parsed.refreshToken().get());
      return user == null ? null : Optional.of(user);
    }
    if (parsed.user().isEmpty()) {
      return credentials.isEmpty() || anonymousPull ? Optional.empty() : null;
    }
    if (credentials.isEmpty()) {
      return parsed.user();
    }
    boolean right = credentials.get().user().equals(parsed.user().get())
        && credentials.get().password().equals(parsed.password().orElse(""));
    return right ? parsed.user() : null;
  }

  private List<String> grantable(Optional<String> user) {
    return user.isEmpty() && credentials.isPresent() ? List.of("pull") : List.of("pull", "push", "delete", "*");
  }

  private void record(HttpExchange exchange, TokenRequests.Parsed parsed, Optional<String> user, int status) {
    requests.add(new TokenRequest(exchange.getRequestMethod(), user.isPresent() ? user : parsed.user(),
        parsed.service(), parsed.scopes(), parsed.refreshToken().isPresent(), status, Instant.now()));
  }

  /** Who may log in, and for how long tokens live. */
  public static final class Builder {
    private Duration lifetime = Duration.ofMinutes(5);
    private Credentials credentials;
    private boolean anonymousPull;
    private String service = "berth-test-registry";
    private String issuer = "berth-test-token-server";

    private Builder() {}

    public Builder lifetime(Duration lifetime) {
      this.lifetime = checked(lifetime);
      return this;
    }

    /** Only this user gets tokens (and any action); others are refused unless {@link #anonymousPull()}. */
    public Builder credentials(String user, String password) {
      this.credentials = new Credentials(user, password);
      return this;
    }

    /** With credentials set, also give anonymous clients tokens that allow "pull" only, as Docker Hub does. */
    public Builder anonymousPull() {
      this.anonymousPull = true;
      return this;
    }

    public Builder service(String service) {
      this.service = service;
      return this;
    }

    public Builder issuer(String issuer) {
      this.issuer = issuer;
      return this;
    }

    public TokenServer start() {
      Path dir = null;
      try {
        dir = Files.createTempDirectory("berth-token-server-");
        return new TokenServer(this, dir);
      } catch (IOException e) {
        Commands.deleteTree(dir);
        throw new UncheckedIOException("start the test token server: " + e.getMessage(), e);
      } catch (RuntimeException e) {
        Commands.deleteTree(dir);
        throw e;
      }
    }

    static Duration checked(Duration lifetime) {
      if (lifetime.toSeconds() < 1) {
        throw new IllegalArgumentException("token lifetime " + lifetime + ": must be at least 1 s");
      }
      return lifetime;
    }
  }
}
