package dev.berth.registry.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A token from a token endpoint and when it stops being good. Docker's token spec: {@code expires_in}
 * defaults to 60 seconds; a token is refreshed a little before it expires.
 *
 * <p>{@code refreshToken} is the OAuth2 refresh token a token server may add when asked for offline access
 * ({@code offline_token=true}, as {@code docker login} asks): docker keeps it as the identity token, in place
 * of the password. Empty when none was given.
 */
public record BearerToken(String value, Instant expiresAt, String refreshToken) {
  public BearerToken {
    Objects.requireNonNull(value, "token");
    Objects.requireNonNull(expiresAt, "token expiry");
    refreshToken = refreshToken == null ? "" : refreshToken;
  }

  /** A token without a refresh token. */
  public BearerToken(String value, Instant expiresAt) {
    this(value, expiresAt, "");
  }

  /** Whether the token expires within the next {@code marginSeconds} after {@code now}. */
  public boolean expiresSoon(Instant now, long marginSeconds) {
    return !now.plusSeconds(marginSeconds).isBefore(expiresAt);
  }

  public String header() {
    return "Bearer " + value;
  }

  @Override
  public String toString() {
    return "BearerToken[****, expiresAt=" + expiresAt + "]";
  }
}
