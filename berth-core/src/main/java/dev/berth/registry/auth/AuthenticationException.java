package dev.berth.registry.auth;

import dev.berth.errors.SystemException;

/**
 * A registry or its token endpoint refused the credentials, or asked for a scheme Berth cannot answer. The
 * message names the registry and says what was refused, as Docker's "unauthorized: …" does.
 */
public class AuthenticationException extends SystemException {
  public AuthenticationException(String message) {
    super(message);
  }

  public AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
