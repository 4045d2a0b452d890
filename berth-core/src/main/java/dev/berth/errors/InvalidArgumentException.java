package dev.berth.errors;

/** A malformed request, reference, tar, manifest or flag: HTTP 400. */
public non-sealed class InvalidArgumentException extends BerthException {
  public InvalidArgumentException(String message) {
    super(message, null);
  }

  public InvalidArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
