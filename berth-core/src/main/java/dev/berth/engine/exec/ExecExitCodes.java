package dev.berth.engine.exec;

import java.util.Locale;

/**
 * Docker's exit codes for a process that never ran: 127 when the command (or a path it needs) is not
 * found, 126 when it cannot be invoked (permission denied, not executable) and for any other failure of
 * the runtime to start it. The decision reads the runtime's message, as Docker's daemon does.
 */
public final class ExecExitCodes {
  public static final int CANNOT_INVOKE = 126;
  public static final int NOT_FOUND = 127;

  private ExecExitCodes() {}

  /** The exit code for runc's error {@code message} about starting {@code command} (argv[0]). */
  public static int forStartFailure(String command, String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("permission denied")) {
      return CANNOT_INVOKE;
    }
    if (m.contains("executable file not found")) {
      return NOT_FOUND;
    }
    if (m.contains(command.toLowerCase(Locale.ROOT))
        && (m.contains("no such file or directory") || m.contains("not a directory"))) {
      return NOT_FOUND;
    }
    return CANNOT_INVOKE;
  }

  /** The text Docker writes into the stream when the runtime could not start the process. */
  public static String streamMessage(String message) {
    return "OCI runtime exec failed: " + message + ": unknown\r\n";
  }
}
