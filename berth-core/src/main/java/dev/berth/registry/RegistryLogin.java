package dev.berth.registry;

import dev.berth.registry.auth.AuthenticationException;
import dev.berth.registry.auth.Authorizer;
import dev.berth.registry.auth.Credential;
import dev.berth.registry.auth.TokenFetcher;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code docker login}'s check: {@code GET /v2/} with the credentials, answering the registry's challenge
 * (Basic, or the Bearer token flow with no scope), as dockerd's {@code loginV2} does. Nothing is stored: the
 * client keeps the credentials in its config.json.
 */
public final class RegistryLogin {
  private static final int MAX_CHALLENGES = 2;

  private RegistryLogin() {}

  /**
   * Returns when the registry accepts {@code credential}; throws AuthenticationException with Docker's
   * message ("login attempt to https://host/v2/ failed with status: 401 Unauthorized", or the token server's
   * refusal) when it does not, and RegistryException when the registry cannot be reached.
   *
   * @param registry the host, as references name it ({@code 127.0.0.1:5000}, {@code docker.io})
   */
  public static void check(RegistryTransport transport, String registry, Credential credential) {
    login(transport, registry, credential);
  }

  /**
   * As {@link #check}, asking the token server for offline access as {@code docker login} does; returns the
   * refresh token it gave (docker's identity token, which the client keeps instead of the password), or "" when
   * the registry uses no token flow or its token server gives none. A login with an identity token returns the
   * token server's new one when it rotates them, else the same one.
   */
  public static String login(RegistryTransport transport, String registry, Credential credential) {
    Authorizer authorizer = new Authorizer(new TokenFetcher(() -> transport.http(registry), Clock.systemUTC()), credential, registry,
        List.of(), Clock.systemUTC(), credential instanceof Credential.UserPassword);
    String endpoint;
    try {
      endpoint = transport.base(registry).resolve("/v2/").toString();
    } catch (IOException e) {
      throw new RegistryException("login to " + registry + ": " + e.getMessage(), e);
    }
    for (int challenges = 0; ; challenges++) {
      String auth = authorizer.header().orElse(null);
      Response response = send(transport, registry, auth, endpoint);
      response.discard();
      if (response.status() == 200) return identityToken(credential, authorizer.refreshToken());
      if (response.status() == 401 && challenges < MAX_CHALLENGES) {
        authorizer.unauthorized(response.headers().allValues("WWW-Authenticate"), auth);
        continue;
      }
      throw new AuthenticationException("login attempt to " + endpoint + " failed with status: " + response.status() + " "
          + reason(response.status()));
    }
  }

  /** The token server's new refresh token; else, for a login with an identity token, that token, still good. */
  private static String identityToken(Credential credential, String refreshed) {
    if (!refreshed.isEmpty()) return refreshed;
    return credential instanceof Credential.IdentityToken t ? t.token() : "";
  }

  private static Response send(RegistryTransport transport, String registry, String auth, String endpoint) {
    try {
      return transport.send(registry, "GET", "/v2/", Map.of(), HttpRequest.BodyPublishers.noBody(), auth);
    } catch (IOException e) {
      throw new RegistryException("login attempt to " + endpoint + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }

  /** Go's http.StatusText for the statuses a login may meet. */
  private static String reason(int status) {
    return switch (status) {
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "";
    };
  }
}
