package dev.berth.cli.container;

import dev.berth.client.HijackedStream;
import dev.berth.client.StreamFrames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Carries a hijacked attach or exec stream to the user: the container's output to our stdout and stderr
 * (split from frames without a TTY, raw with one) on the calling thread, and our stdin to the container on
 * a virtual thread. Stdin's end half-closes the connection; the detach keys, when typed, end the session
 * at once and leave the container running.
 */
final class StreamSession {
  /** How the session ended. */
  enum Outcome {
    /** The container's output ended: it exited, or its stream was closed. */
    ENDED,
    /** The user typed the detach keys. */
    DETACHED
  }

  private StreamSession() {}

  /**
   * @param stdin what to send as the container's stdin, or null when stdin is not attached
   * @param detachKeys the key sequence that detaches, or an empty array for none
   */
  static Outcome run(HijackedStream stream, boolean tty, InputStream stdin, byte[] detachKeys, OutputStream out, OutputStream err) throws IOException {
    java.util.concurrent.atomic.AtomicBoolean detached = new java.util.concurrent.atomic.AtomicBoolean();
    if (stdin != null) {
      Thread.ofVirtual().name("berth-stdin").start(() -> {
        try {
          if (copyStdin(stdin, stream.output(), detachKeys)) {
            detached.set(true);
            stream.close();
          } else {
            stream.closeWrite();
          }
        } catch (IOException e) {
          stream.closeWrite();
        }
      });
    }
    try {
      if (tty) StreamFrames.copyRaw(stream.input(), out);
      else StreamFrames.demultiplex(stream.input(), out, err);
    } catch (IOException e) {
      if (!detached.get()) throw e;
    } finally {
      out.flush();
      err.flush();
    }
    return detached.get() ? Outcome.DETACHED : Outcome.ENDED;
  }

  /**
   * Copies stdin to the container until its end or the detach keys; keys typed only in part are sent on
   * once the next byte shows they were not the sequence.
   *
   * @return true when the detach keys ended the copy
   */
  static boolean copyStdin(InputStream in, OutputStream out, byte[] keys) throws IOException {
    byte[] buf = new byte[8192];
    int matched = 0;
    for (int n; (n = in.read(buf)) >= 0; ) {
      java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream(n);
      for (int i = 0; i < n; i++) {
        byte b = buf[i];
        if (keys.length > 0 && b == keys[matched]) {
          if (++matched == keys.length) {
            out.write(chunk.toByteArray());
            out.flush();
            return true;
          }
          continue;
        }
        if (matched > 0) {
          chunk.write(keys, 0, matched);
          matched = 0;
          if (b == keys[0]) {
            matched = 1;
            continue;
          }
        }
        chunk.write(b);
      }
      out.write(chunk.toByteArray());
      out.flush();
    }
    return false;
  }
}
