package dev.berth.cli;

import dev.berth.client.DaemonException;
import dev.berth.client.DaemonUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Prints failures the way the docker CLI does and picks the exit status: the daemon's refusals as
 * {@code Error response from daemon: <message>}, client-side problems as their message, bad usage with a
 * pointer to {@code --help} (status 125).
 */
final class ErrorReporter implements IExecutionExceptionHandler {
  private final CliContext ctx;

  ErrorReporter(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
    ctx.out().flush();
    ctx.err().println(message(e));
    if (ctx.debug()) e.printStackTrace(ctx.err());
    ctx.err().flush();
    return 1;
  }

  /** The line printed for a failure. */
  static String message(Throwable e) {
    return switch (e) {
      case DaemonException d -> "Error response from daemon: " + d.getMessage();
      case DaemonUnavailableException u -> u.getMessage();
      case CliException c -> c.getMessage();
      case IllegalArgumentException i -> "invalid argument: " + i.getMessage();
      case IOException io -> "error talking to the daemon: " + io.getMessage();
      default -> "berth: unexpected error: " + e;
    };
  }

  static int usageError(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    cmd.getErr().println(ex.getMessage());
    cmd.getErr().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
    cmd.getErr().flush();
    return 125;
  }
}
