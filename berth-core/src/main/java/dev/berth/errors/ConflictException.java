package dev.berth.errors;

/** The request conflicts with current state, for example removing an image a container uses: HTTP 409. */
public final class ConflictException extends BerthException {
  public ConflictException(String message) {
    super(message, null);
  }

  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
