package dev.berth.registry.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The authentication state of one client (one registry, one repository), shared by its parallel requests
 * and owned by one lock. Requests start anonymous; a 401's challenge decides the scheme. A Bearer token is
 * fetched for the client's scopes plus the challenge's own, refreshed shortly before it expires, and
 * fetched anew when the registry answers 401 to it (a token revoked or expired early).
 */
public final class Authorizer {
  private static final long REFRESH_MARGIN_SECONDS = 5;

  private final TokenFetcher fetcher;
  private final Credential credential;
  private final String registry;
  private final List<String> scopes;
  private final Clock clock;
  private final boolean offlineAccess;
  private final ReentrantLock lock = new ReentrantLock();
  private Challenge challenge;
  private BearerToken token;
  private String refreshToken = "";

  /**
   * @param registry the registry's host, for error messages
   * @param scopes the token scopes the client needs, e.g. {@code repository:library/busybox:pull}
   */
  public Authorizer(TokenFetcher fetcher, Credential credential, String registry, List<String> scopes, Clock clock) {
    this(fetcher, credential, registry, scopes, clock, false);
  }

  /**
   * @param offlineAccess ask the token server for a refresh token too (a login does), see {@link #refreshToken()}
   */
  public Authorizer(TokenFetcher fetcher, Credential credential, String registry, List<String> scopes, Clock clock,
      boolean offlineAccess) {
    this.offlineAccess = offlineAccess;
    this.fetcher = fetcher;
    this.credential = Objects.requireNonNull(credential, "credential");
    this.registry = registry;
    this.scopes = List.copyOf(scopes);
    this.clock = clock;
  }

  /** The {@code Authorization} value for the next request, or empty before any challenge. */
  public Optional<String> header() {
    lock.lock();
    try {
      return switch (challenge) {
        case null -> Optional.empty();
        case Challenge.Basic _ -> Optional.of(basic().basicHeader());
        case Challenge.Bearer b -> {
          if (token == null || token.expiresSoon(clock.instant(), REFRESH_MARGIN_SECONDS)) token = fetch(b);
          yield Optional.of(token.header());
        }
      };
    } finally {
      lock.unlock();
    }
  }

  /**
   * Answers a 401 whose request carried {@code sentHeader} (null when none). Takes the challenge, fetching a
   * fresh token unless another request already replaced the one that was refused. Throws
   * AuthenticationException when no challenge is understood or Basic auth is asked without credentials.
   */
  public void unauthorized(List<String> wwwAuthenticate, String sentHeader) {
    List<Challenge> offered = Challenges.parse(wwwAuthenticate);
    if (offered.isEmpty()) {
      throw new AuthenticationException("authenticating to " + registry + ": 401 Unauthorized without a challenge Berth understands: "
          + String.join("; ", wwwAuthenticate));
    }
    lock.lock();
    try {
      Challenge next = offered.getFirst();
      switch (next) {
        case Challenge.Basic _ -> basic();
        case Challenge.Bearer b -> {
          boolean replaced = token != null && sentHeader != null && !sentHeader.equals(token.header());
          if (!replaced || !next.equals(challenge)) token = fetch(b);
        }
      }
      challenge = next;
    } finally {
      lock.unlock();
    }
  }

  private Credential.UserPassword basic() {
    if (credential instanceof Credential.UserPassword up) return up;
    throw new AuthenticationException("authenticating to " + registry + ": unauthorized: the registry asks for basic auth "
        + "and no user name and password are known for it (berth login " + registry + ")");
  }

  private BearerToken fetch(Challenge.Bearer b) {
    List<String> all = new ArrayList<>(scopes);
    if (b.scope() != null) {
      for (String s : b.scope().split(" ")) if (!s.isBlank() && !all.contains(s)) all.add(s);
    }
    BearerToken fetched = fetcher.fetch(b, all, credential, offlineAccess);
    if (!fetched.refreshToken().isEmpty()) refreshToken = fetched.refreshToken();
    return fetched;
  }

  /**
   * The refresh token the token server gave when offline access was asked, or "" (no token flow, or a server
   * that gives none). docker keeps it as the identity token.
   */
  public String refreshToken() {
    lock.lock();
    try {
      return refreshToken;
    } finally {
      lock.unlock();
    }
  }
}
