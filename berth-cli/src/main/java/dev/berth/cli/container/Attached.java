package dev.berth.cli.container;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.client.ApiResponse;
import dev.berth.client.HijackedStream;
import java.io.IOException;

/** What {@code start -a} and {@code attach} share once the stream is open: size, streams, exit status. */
final class Attached {
  private Attached() {}

  /** The detach keys: the flag's, or ctrl-p,ctrl-q. */
  static byte[] keys(String flag) {
    try {
      return Policies.detachKeys(flag == null ? "ctrl-p,ctrl-q" : flag);
    } catch (BadFlagException e) {
      throw new CliException(e.getMessage());
    }
  }

  /**
   * Follows the terminal size, passes signals on ({@code sigProxy}, without a TTY), carries the streams,
   * and returns the exit status (0 after a detach).
   */
  static int follow(CliContext ctx, String container, HijackedStream stream, boolean tty, boolean stdin, byte[] keys, ApiResponse wait,
      boolean sigProxy)
      throws IOException {
    TerminalSession.followSize(ctx, tty, Containers.path(container, "resize"));
    if (sigProxy && !tty) SignalProxy.install(ctx, container);
    StreamSession.Outcome outcome = StreamSession.run(stream, tty, stdin ? ctx.stdin() : null, tty ? keys : new byte[0], ctx.stdout(), ctx.stderr());
    if (outcome == StreamSession.Outcome.DETACHED) return 0;
    return Containers.exitStatus(ctx, wait);
  }
}
