package dev.berth.registry;

import dev.berth.errors.SystemException;

/**
 * A registry answered with an error, or could not be reached. The message names the action, the registry's
 * error codes and messages (its {@code {"errors": [{"code", "message"}]}} body) or the transport failure.
 */
public class RegistryException extends SystemException {
  private final int status;

  public RegistryException(String message, int status) {
    super(message);
    this.status = status;
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
    this.status = -1;
  }

  /** The HTTP status the registry answered, or -1 when it was not reached. */
  public int status() {
    return status;
  }
}
