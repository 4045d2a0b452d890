package dev.berth.registry.auth;

import java.util.Objects;

/**
 * One authentication challenge of a registry's {@code WWW-Authenticate} header (RFC 7235), in the two
 * schemes registries use:
 * <pre>Basic realm="Registry Realm"
 * Bearer realm="https://auth.example/token",service="registry.example",scope="repository:app:pull"</pre>
 */
public sealed interface Challenge {
  /** Send the user name and password with every request. */
  record Basic(String realm) implements Challenge {}

  /**
   * Fetch a token from {@code realm} for {@code service} and {@code scope} (either may be null) and send it
   * as {@code Authorization: Bearer <token>}.
   */
  record Bearer(String realm, String service, String scope) implements Challenge {
    public Bearer {
      Objects.requireNonNull(realm, "bearer challenge realm");
    }
  }
}
