package dev.berth.errors;

/** A failure of the host or of Berth itself, with its cause: HTTP 500. */
public non-sealed class SystemException extends BerthException {
  public SystemException(String message) {
    super(message, null);
  }

  public SystemException(String message, Throwable cause) {
    super(message, cause);
  }
}
