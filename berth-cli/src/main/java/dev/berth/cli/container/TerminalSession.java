package dev.berth.cli.container;

import dev.berth.cli.CliContext;
import dev.berth.cli.tty.RawMode;
import dev.berth.cli.tty.Tty;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.Optional;

/**
 * The local side of {@code -t}: raw mode while the user types into the container (only when stdin is
 * attached and is a terminal), and the terminal's size sent to the daemon at start and on every SIGWINCH
 * (only when stdout is a terminal). Closing gives the terminal back, whatever happened in between.
 */
final class TerminalSession implements AutoCloseable {
  private final RawMode raw;

  private TerminalSession(RawMode raw) {
    this.raw = raw;
  }

  /** Enters raw mode if {@code tty} and stdin is attached from a terminal; otherwise changes nothing. */
  static TerminalSession open(CliContext ctx, boolean tty, boolean stdinAttached) throws IOException {
    boolean rawMode = tty && stdinAttached && ctx.terminals().stdin();
    return new TerminalSession(rawMode ? RawMode.enter(ctx.tty()) : null);
  }

  /**
   * Sends the size now and after each resize, to {@code resizePath} ({@code /containers/ID/resize} or
   * {@code /exec/ID/resize}); a failed resize is not worth failing the session for.
   */
  static void followSize(CliContext ctx, boolean tty, String resizePath) {
    if (!tty || !ctx.terminals().stdout()) return;
    Runnable send = () -> ctx.tty().size().ifPresent(size -> resize(ctx, resizePath, size));
    send.run();
    ctx.tty().onResize(send);
  }

  /** The size for the create call's ConsoleSize, when {@code -t} runs on a terminal. */
  static Tty.Size consoleSize(CliContext ctx, boolean tty) {
    if (!tty || !ctx.terminals().stdout()) return null;
    Optional<Tty.Size> size = ctx.tty().size();
    return size.orElse(null);
  }

  private static void resize(CliContext ctx, String path, Tty.Size size) {
    try {
      ctx.client().send(ApiRequest.post(path).query("h", size.rows()).query("w", size.columns()).build());
    } catch (IOException | RuntimeException e) {
      // the container may be gone already; the next resize will tell
    }
  }

  @Override
  public void close() throws IOException {
    if (raw != null) raw.close();
  }
}
