package dev.berth.errors;

/** An object (image, container, blob, snapshot) does not exist: HTTP 404. */
public final class NotFoundException extends BerthException {
  public NotFoundException(String message) {
    super(message, null);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
