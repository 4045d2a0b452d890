package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenFetcherTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final TokenFetcher fetcher = new TokenFetcher(HttpClient.newHttpClient(), Clock.fixed(NOW, ZoneOffset.UTC));

  private BearerToken parse(int status, String json) {
    return fetcher.parse("http://realm", status, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_tokenWithExpiresIn_expiresThatLate() {
    BearerToken token = parse(200, "{\"token\":\"abc\",\"expires_in\":300}");

    assertThat(token.value()).isEqualTo("abc");
    assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(300));
  }

  @Test
  void parse_accessTokenOnlyAndNoExpiry_usesAccessTokenAndSixtySeconds() {
    BearerToken token = parse(200, "{\"access_token\":\"xyz\"}");

    assertThat(token.value()).isEqualTo("xyz");
    assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(60));
  }

  @Test
  void parse_issuedAtInThePast_countsFromIssuedAt() {
    BearerToken token = parse(200, "{\"token\":\"t\",\"expires_in\":120,\"issued_at\":\"2025-12-31T23:59:30Z\"}");

    assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(90));
  }

  @Test
  void parse_refreshToken_isKeptBesideTheToken() {
    assertThat(parse(200, "{\"token\":\"t\",\"refresh_token\":\"r-1\"}").refreshToken()).isEqualTo("r-1");
    assertThat(parse(200, "{\"token\":\"t\"}").refreshToken()).isEmpty();
  }

  @Test
  void parse_unauthorized_saysIncorrectCredentials() {
    assertThatThrownBy(() -> parse(401, "{}"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("http://realm").hasMessageContaining("incorrect username or password");
  }

  @Test
  void parse_answerWithoutToken_isRefused() {
    assertThatThrownBy(() -> parse(200, "{\"expires_in\":3}")).hasMessageContaining("neither token nor access_token");
  }
}
