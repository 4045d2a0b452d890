package dev.berth.registry.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes writes through but not close, so an inner writer can finish without closing the stream under it. */
final class NonClosing extends FilterOutputStream {
  private NonClosing(OutputStream out) {
    super(out);
  }

  static OutputStream of(OutputStream out) {
    return new NonClosing(out);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
