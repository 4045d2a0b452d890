package dev.berth.cli;

/** A client-side failure, printed as is, exit code 1: "cowardly refusing to save to a terminal. …". */
public final class CliException extends RuntimeException {
  public CliException(String message) {
    super(message);
  }

  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
