package dev.berth.engine.container;

import dev.berth.errors.BerthException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import java.util.Locale;

/**
 * Docker's reading of a failed start: the command was not found (127), could not be invoked (126), or
 * something else went wrong (128, the engine's own failure). The exit code goes into the container's state;
 * the exception carries runc's message in the form Docker's CLI recognises ("OCI runtime create failed: …
 * executable file not found in $PATH"), from which the CLI picks its own exit status.
 */
record StartFailure(int exitCode, String message) {
  static final int NOT_FOUND = 127;
  static final int CANNOT_INVOKE = 126;
  static final int OTHER = 128;

  /** Classifies {@code error}, raised by a start of container {@code name}. */
  static StartFailure of(String name, RuntimeException error) {
    String text = error.getMessage() == null ? error.toString() : error.getMessage();
    return new StartFailure(exitCode(text), "failed to start container " + name + ": " + ociText(text));
  }

  static int exitCode(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (t.contains("executable file not found") || t.contains("no such file or directory")) {
      return NOT_FOUND;
    }
    if (t.contains("permission denied") || t.contains("exec format error") || t.contains("is a directory")) {
      return CANNOT_INVOKE;
    }
    return OTHER;
  }

  private static String ociText(String text) {
    if (text.contains("runc create failed") || text.contains("unable to start container process")) {
      return "OCI runtime create failed: " + text;
    }
    return text;
  }

  /** The exception to throw: a bad command is the request's fault (400), anything else the engine's (500). */
  BerthException toException(RuntimeException cause) {
    if (exitCode == OTHER && cause instanceof BerthException b && !(b instanceof SystemException)) {
      return b;
    }
    return exitCode == OTHER ? new SystemException(message, cause) : new InvalidArgumentException(message, cause);
  }
}
