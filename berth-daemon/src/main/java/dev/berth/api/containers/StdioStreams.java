package dev.berth.api.containers;

import dev.berth.api.ApiVersion;
import dev.berth.api.Exchange;
import dev.berth.engine.Attachment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a container's (or an exec's) stdio over the API as Docker does: on a hijacked {@code Upgrade: tcp}
 * connection (101) when the client asked for it, else as a 200 stream. Without a terminal each chunk goes in
 * an 8-byte frame (stream 1 stdout or 2 stderr, three zero bytes, the big-endian length) so stdout and stderr
 * stay apart; with one the bytes go raw. Stdin from the client reaches the process until the client
 * half-closes (the process's stdin then ends) or types the detach keys (the client leaves, the process runs on).
 */
public final class StdioStreams {
  private static final Logger LOG = LoggerFactory.getLogger(StdioStreams.class);
  private static final ApiVersion MULTIPLEXED_SINCE = new ApiVersion(1, 42);
  private static final java.time.Duration CLIENT_POLL = java.time.Duration.ofMillis(250);

  public static final String RAW = "application/vnd.docker.raw-stream";
  public static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";

  private StdioStreams() {}

  /** Docker's content type: multiplexed for a stream without a terminal (API 1.42 and later), else raw. */
  public static String contentType(boolean tty, ApiVersion version) {
    return !tty && version.atLeast(MULTIPLEXED_SINCE) ? MULTIPLEXED : RAW;
  }

  /** Whether the client asked to leave HTTP ({@code Upgrade: tcp}). */
  public static boolean upgradeRequested(Exchange ex) {
    String upgrade = ex.request().header("Upgrade");
    return upgrade != null && !upgrade.isEmpty();
  }

  /** Writes one chunk: framed for {@code stream} without a terminal, raw with one. */
  public static void write(OutputStream out, boolean tty, Attachment.Stream stream, byte[] data) throws IOException {
    if (!tty) {
      int n = data.length;
      out.write(new byte[] {(byte) (stream == Attachment.Stream.STDERR ? 2 : 1), 0, 0, 0,
          (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    }
    out.write(data);
  }

  /**
   * Serves {@code attachment} until its output ends, the client leaves or detaches; closes the attachment
   * (never the process) and the connection. {@code stdin}: whether to copy the client's input to it.
   */
  public static void serve(Exchange ex, Attachment attachment, boolean stdin, DetachKeys keys) throws IOException {
    String type = contentType(attachment.tty(), ex.request().version());
    AtomicBoolean done = new AtomicBoolean();
    try (attachment) {
      Thread.ofVirtual().name("attach-watch").start(() -> closeWhenClientLeaves(ex, attachment, done));
      if (upgradeRequested(ex)) {
        try (Exchange.RawConnection raw = ex.hijack(type)) {
          if (stdin) Thread.ofVirtual().name("stdin-pump").start(() -> copyStdin(raw.in(), attachment, keys));
          pumpOutput(attachment, raw.out());
        }
      } else {
        try (Exchange.ResponseStream out = ex.stream(200, type)) {
          out.commit();
          pumpOutput(attachment, out);
        }
      }
    } finally {
      done.set(true);
    }
  }

  /**
   * A client that goes away while the process is silent would leave the output pump blocked in
   * {@link Attachment#read}; closing the attachment wakes it. Polls, since nothing else tells. On a hijacked
   * connection a client's EOF is only a half-close (the CLI half-closes even without stdin), so there the
   * departure shows only when a write fails, as with dockerd.
   */
  private static void closeWhenClientLeaves(Exchange ex, Attachment attachment, AtomicBoolean done) {
    try {
      while (!done.get() && ex.isOpen()) Thread.sleep(CLIENT_POLL);
      if (!done.get()) attachment.close();
    } catch (InterruptedException | IOException e) {
      // nothing to do: the pump ends on its own
    }
  }

  private static void pumpOutput(Attachment attachment, OutputStream out) throws IOException {
    boolean tty = attachment.tty();
    for (Optional<Attachment.Frame> f = attachment.read(); f.isPresent(); f = attachment.read()) {
      write(out, tty, f.get().stream(), f.get().data());
      out.flush();
    }
  }

  /**
   * Client bytes to the process's stdin; the client's EOF (its half-close, or its going away, which look
   * the same on a socket) ends the process's stdin; the detach keys end the attachment only.
   */
  static void copyStdin(InputStream in, Attachment attachment, DetachKeys keys) {
    byte[] seq = keys.sequence();
    byte[] buf = new byte[8192];
    int matched = 0;
    try {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        byte[] out = new byte[n + matched];
        int len = 0;
        for (int i = 0; i < n; i++) {
          if (seq.length > 0 && buf[i] == seq[matched]) {
            if (++matched == seq.length) {
              if (len > 0) attachment.writeStdin(Arrays.copyOf(out, len));
              attachment.close();
              return;
            }
            continue;
          }
          if (matched > 0) {
            System.arraycopy(seq, 0, out, len, matched);
            len += matched;
            matched = 0;
          }
          out[len++] = buf[i];
        }
        if (len > 0) attachment.writeStdin(Arrays.copyOf(out, len));
      }
      attachment.closeStdin();
    } catch (IOException e) {
      LOG.debug("stdin copy ended: {}", e.toString());
    }
  }
}
