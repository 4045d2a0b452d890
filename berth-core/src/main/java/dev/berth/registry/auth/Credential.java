package dev.berth.registry.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * What a user presents to a registry: nothing, a user name and password (or personal access token), or an
 * identity token (an OAuth2 refresh token that {@code docker login} may have stored instead of a password).
 */
public sealed interface Credential {
  Credential ANONYMOUS = new Anonymous();

  /** No credentials: anonymous tokens only. */
  record Anonymous() implements Credential {}

  record UserPassword(String username, String password) implements Credential {
    public UserPassword {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    /** The {@code Authorization} value of HTTP Basic auth. */
    public String basicHeader() {
      return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "UserPassword[" + username + ", ****]";
    }
  }

  record IdentityToken(String token) implements Credential {
    public IdentityToken {
      Objects.requireNonNull(token, "identity token");
    }

    @Override
    public String toString() {
      return "IdentityToken[****]";
    }
  }
}
