package dev.berth.client;

/**
 * The daemon answered with an error status. {@link #getMessage()} is the daemon's own {@code message}; the
 * CLI prints it as {@code Error response from daemon: <message>}.
 */
public final class DaemonException extends RuntimeException {
  private final int status;

  public DaemonException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status: 404 for "No such image", 409 for conflicts, 400 for bad input, 500 otherwise. */
  public int status() {
    return status;
  }
}
