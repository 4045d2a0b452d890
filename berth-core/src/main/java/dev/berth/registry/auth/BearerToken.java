package dev.berth.registry.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A token from a token endpoint and when it stops being good. Docker's token spec: {@code expires_in}
 * defaults to 60 seconds; a token is refreshed a little before it expires.
 */
public record BearerToken(String value, Instant expiresAt) {
  public BearerToken {
    Objects.requireNonNull(value, "token");
    Objects.requireNonNull(expiresAt, "token expiry");
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
