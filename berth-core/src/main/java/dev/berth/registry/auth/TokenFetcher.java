package dev.berth.registry.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.oci.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Docker's token flow: {@code GET <realm>?service=…&scope=…} with Basic credentials (or none, for an
 * anonymous token), or, with an identity token, the OAuth2 {@code POST} of a refresh-token grant. The
 * answer carries {@code token} or {@code access_token} and an optional {@code expires_in} (60 s when absent).
 */
public final class TokenFetcher {
  static final long DEFAULT_EXPIRES_IN = 60;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Supplier<HttpClient> http;
  private final Clock clock;

  public TokenFetcher(HttpClient http, Clock clock) {
    this(() -> http, clock);
  }

  /**
   * {@code http} is asked for its client only when a token is fetched: the registry transport builds its JDK client
   * (and the TLS context under it) on first need, which a pull from a registry without token auth never has.
   */
  public TokenFetcher(Supplier<HttpClient> http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  /** The JSON of a token answer; unknown members are ignored. */
  record TokenResponse(String token, @JsonProperty("access_token") String accessToken,
      @JsonProperty("expires_in") Long expiresIn, @JsonProperty("issued_at") String issuedAt,
      @JsonProperty("refresh_token") String refreshToken) {}

  /** Fetches a token for the challenge's service and the given scopes (the challenge's own scope included). */
  public BearerToken fetch(Challenge.Bearer challenge, List<String> scopes, Credential credential) {
    return fetch(challenge, scopes, credential, false);
  }

  /**
   * As {@link #fetch(Challenge.Bearer, List, Credential)}; with {@code offlineAccess}, a user and password also
   * ask for a refresh token ({@code offline_token=true&client_id=berth}), as {@code docker login} does. The
   * token server's refresh token, if it gave one, is in {@link BearerToken#refreshToken()}.
   */
  public BearerToken fetch(Challenge.Bearer challenge, List<String> scopes, Credential credential, boolean offlineAccess) {
    HttpRequest request = switch (credential) {
      case Credential.IdentityToken t -> refreshGrant(challenge, scopes, t);
      case Credential.UserPassword up -> get(challenge, scopes, offlineAccess).header("Authorization", up.basicHeader()).build();
      case Credential.Anonymous _ -> get(challenge, scopes, false).build();
    };
    HttpResponse<byte[]> response;
    try {
      response = http.get().send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new AuthenticationException("fetching a token from " + challenge.realm() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuthenticationException("fetching a token from " + challenge.realm() + ": interrupted", e);
    }
    return parse(challenge.realm(), response.statusCode(), response.body());
  }

  BearerToken parse(String realm, int status, byte[] body) {
    if (status == 401 || status == 403) {
      throw new AuthenticationException("fetching a token from " + realm + ": unauthorized: incorrect username or password");
    }
    if (status / 100 != 2) {
      throw new AuthenticationException("fetching a token from " + realm + ": HTTP " + status + " " + snippet(body));
    }
    TokenResponse answer;
    try {
      answer = Json.read(body, TokenResponse.class);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException("fetching a token from " + realm + ": " + e.getMessage(), e);
    }
    String value = answer.token() != null && !answer.token().isEmpty() ? answer.token() : answer.accessToken();
    if (value == null || value.isEmpty()) {
      throw new AuthenticationException("fetching a token from " + realm + ": the answer has neither token nor access_token");
    }
    long expiresIn = answer.expiresIn() == null || answer.expiresIn() < DEFAULT_EXPIRES_IN ? DEFAULT_EXPIRES_IN : answer.expiresIn();
    return new BearerToken(value, issuedAt(answer.issuedAt()).plusSeconds(expiresIn), answer.refreshToken());
  }

  /** Docker measures expiry from {@code issued_at} when given and sensible, else from now. */
  private Instant issuedAt(String issuedAt) {
    Instant now = clock.instant();
    if (issuedAt == null) return now;
    try {
      Instant at = Instant.parse(issuedAt);
      return at.isAfter(now) ? now : at;
    } catch (java.time.format.DateTimeParseException e) {
      return now;
    }
  }

  private static HttpRequest.Builder get(Challenge.Bearer challenge, List<String> scopes, boolean offlineAccess) {
    List<String> query = new ArrayList<>();
    if (challenge.service() != null) query.add("service=" + enc(challenge.service()));
    for (String scope : scopes) query.add("scope=" + enc(scope));
    if (offlineAccess) {
      query.add("offline_token=true");
      query.add("client_id=berth");
    }
    String sep = challenge.realm().contains("?") ? "&" : "?";
    URI uri = URI.create(challenge.realm() + (query.isEmpty() ? "" : sep + String.join("&", query)));
    return HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
  }

  private static HttpRequest refreshGrant(Challenge.Bearer challenge, List<String> scopes, Credential.IdentityToken token) {
    List<String> form = new ArrayList<>(List.of("grant_type=refresh_token", "client_id=berth",
        "refresh_token=" + enc(token.token())));
    if (challenge.service() != null) form.add("service=" + enc(challenge.service()));
    if (!scopes.isEmpty()) form.add("scope=" + enc(String.join(" ", scopes)));
    return HttpRequest.newBuilder(URI.create(challenge.realm())).timeout(TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(String.join("&", form))).build();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String snippet(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8).strip();
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
