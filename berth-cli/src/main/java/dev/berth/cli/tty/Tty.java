package dev.berth.cli.tty;

import java.io.IOException;
import java.util.Optional;

/**
 * The user's terminal, as {@code run -it}, {@code exec -it} and {@code attach} need it: raw mode on and off,
 * its size, and a callback when the size changes. The real one is {@link Stty}; tests give a fake that
 * records the calls, to check that the terminal is always given back.
 */
public interface Tty {
  /** A terminal size in character cells. */
  record Size(int rows, int columns) {
    public Size {
      if (rows < 0 || columns < 0) throw new IllegalArgumentException("terminal size: negative rows or columns");
    }
  }

  /**
   * Puts the terminal in raw mode without echo.
   *
   * @return the settings before, to hand back to {@link #restore}
   */
  String makeRaw() throws IOException;

  /** Puts back the settings {@link #makeRaw} returned. */
  void restore(String saved) throws IOException;

  /** The current size, if the terminal reports one. */
  Optional<Size> size();

  /** Calls {@code action} whenever the terminal is resized (SIGWINCH), from then on. */
  void onResize(Runnable action);
}
