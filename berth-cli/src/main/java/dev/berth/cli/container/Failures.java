package dev.berth.cli.container;

import dev.berth.client.DaemonException;
import dev.berth.client.DaemonUnavailableException;
import java.io.IOException;
import java.util.Locale;

/**
 * How {@code run}, {@code create}, {@code start} and {@code exec} report a failure and which exit status it
 * gets, as the docker CLI does: 127 when the command was not found, 126 when it could not be invoked, 125
 * for any other failure of the engine (so that a container's own 1 or 2 stays distinguishable).
 */
final class Failures {
  private Failures() {}

  /** The line to print, without the {@code berth: } prefix. */
  static String message(Exception e) {
    return switch (e) {
      case DaemonException d -> "Error response from daemon: " + d.getMessage();
      case DaemonUnavailableException u -> u.getMessage();
      case IOException io -> "error talking to the daemon: " + io.getMessage();
      default -> e.getMessage();
    };
  }

  /** The exit status for a failure to start a container's process, judged by the daemon's message. */
  static int startStatus(Exception e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (m.contains("executable file not found") || m.contains("no such file or directory") || m.contains("not found in $path")) return 127;
    if (m.contains("permission denied") || m.contains("cannot run executable") || m.contains("is a directory")) return 126;
    return 125;
  }

  /** Prints {@code berth: <message>} and the pointer to help, as {@code docker run} prints its failures. */
  static void print(dev.berth.cli.CliContext ctx, String command, Exception e) {
    ctx.out().flush();
    ctx.err().println("berth: " + message(e));
    ctx.err().println();
    ctx.err().println("Run 'berth " + command + " --help' for more information");
    ctx.err().flush();
  }
}
