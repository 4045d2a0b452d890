package dev.berth.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A conduit through an {@code ssh} process that runs {@code berth system dial-stdio} on the remote host: what
 * we write to ssh's stdin reaches the remote daemon's socket, and its answers come out of ssh's stdout.
 * ssh's stderr is kept (the last few kilobytes) and, when the bridge ends before the daemon answered, turned
 * into a {@link DaemonUnavailableException} that says why (see {@link SshFailures}).
 */
final class SshConduit implements Conduit {
  private static final int STDERR_LIMIT = 8 * 1024;
  private static final long EXIT_WAIT_MILLIS = 10_000;
  private static final long CLOSE_WAIT_MILLIS = 1_000;

  private final SshAddress address;
  private final Process process;
  private final InputStream fromRemote;
  private final OutputStream toRemote;
  private final Thread stderrReader;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private volatile boolean received;
  private volatile boolean closed;

  private SshConduit(SshAddress address, Process process) {
    this.address = address;
    this.process = process;
    this.fromRemote = process.getInputStream();
    this.toRemote = process.getOutputStream();
    this.stderrReader = Thread.ofVirtual().name("ssh-stderr").start(this::keepStderr);
  }

  /** Starts ssh; it connects and logs in while we write the first request into its stdin. */
  static SshConduit open(SshAddress address, SshOptions options) throws DaemonUnavailableException {
    try {
      return new SshConduit(address, new ProcessBuilder(options.command(address)).start());
    } catch (IOException e) {
      throw new DaemonUnavailableException("Cannot connect to the Berth daemon at " + address + ": cannot run the ssh client \""
          + options.client().getFirst() + "\" (" + e.getMessage() + "): install OpenSSH's client, or set " + SshOptions.COMMAND_ENV, e);
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!dst.hasRemaining()) return 0;
    boolean direct = !dst.hasArray();
    byte[] buf = direct ? new byte[dst.remaining()] : dst.array();
    int off = direct ? 0 : dst.arrayOffset() + dst.position();
    int n;
    try {
      n = fromRemote.read(buf, off, dst.remaining());
    } catch (IOException e) {
      if (closed) throw new AsynchronousCloseException();
      throw e;
    }
    if (n < 0) {
      if (closed) throw new AsynchronousCloseException();
      failIfBroken();
      return -1;
    }
    received = true;
    if (direct) dst.put(buf, 0, n);
    else dst.position(dst.position() + n);
    return n;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int n = src.remaining();
    try {
      if (src.hasArray()) {
        toRemote.write(src.array(), src.arrayOffset() + src.position(), n);
        src.position(src.position() + n);
      } else {
        byte[] buf = new byte[n];
        src.get(buf);
        toRemote.write(buf);
      }
      toRemote.flush();
    } catch (IOException e) {
      failIfBroken();
      throw e;
    }
    return n;
  }

  @Override
  public void shutdownOutput() throws IOException {
    toRemote.close();
  }

  @Override
  public boolean isOpen() {
    return !closed;
  }

  /** Ends the bridge: ssh sees end of input and exits once the remote side closes; it is killed if it lingers. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    closeQuietly(toRemote);
    closeQuietly(fromRemote);
    try {
      if (!process.waitFor(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) process.destroy();
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Called when the stream ended or a write failed: when ssh failed (before any answer came, or with its own
   * status 255 later), throws the explained failure; when the remote side simply closed, returns.
   */
  private void failIfBroken() throws DaemonUnavailableException {
    int exit;
    try {
      if (!process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) return;
      exit = process.exitValue();
      stderrReader.join(EXIT_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (exit == 0 || (received && exit != 255)) return;
    throw new DaemonUnavailableException(SshFailures.describe(address, exit, stderrText()), null);
  }

  private void keepStderr() {
    byte[] buf = new byte[4096];
    try (InputStream err = process.getErrorStream()) {
      for (int n; (n = err.read(buf)) >= 0; ) {
        synchronized (stderr) {
          stderr.write(buf, 0, n);
          if (stderr.size() > STDERR_LIMIT) {
            byte[] all = stderr.toByteArray();
            stderr.reset();
            stderr.write(all, all.length - STDERR_LIMIT / 2, STDERR_LIMIT / 2);
          }
        }
      }
    } catch (IOException e) {
      // ssh went away: what it wrote so far is all there is
    }
  }

  private String stderrText() {
    synchronized (stderr) {
      return stderr.toString(StandardCharsets.UTF_8);
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // the process is going away either way
    }
  }
}
