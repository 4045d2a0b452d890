package dev.berth.engine.exec;

import dev.berth.errors.InvalidArgumentException;

/** A terminal's size in character cells, as Docker's {@code ConsoleSize} [height, width] and resize's h and w. */
record ConsoleSize(int rows, int cols) {
  ConsoleSize {
    if (rows <= 0 || cols <= 0 || rows > 0xffff || cols > 0xffff) {
      throw new InvalidArgumentException("invalid terminal size " + rows + "x" + cols + ": rows and columns must be 1 to 65535");
    }
  }
}
