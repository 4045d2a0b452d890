package dev.berth.cli.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An output stream that writes whole lines, each with a prefix ({@code web-1 | }), to a target shared with
 * other containers' streams: a line is written under the target's lock, so lines of two containers followed
 * at once never mix. A last line without a newline is written at close.
 */
final class PrefixedLines extends OutputStream {
  private final byte[] prefix;
  private final OutputStream target;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  PrefixedLines(String prefix, OutputStream target) {
    this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    this.target = target;
  }

  @Override
  public void write(int b) throws IOException {
    line.write(b);
    if (b == '\n') emit();
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) write(b[i]);
  }

  @Override
  public void close() throws IOException {
    if (line.size() > 0) {
      line.write('\n');
      emit();
    }
  }

  private void emit() throws IOException {
    synchronized (target) {
      target.write(prefix);
      line.writeTo(target);
      target.flush();
    }
    line.reset();
  }
}
