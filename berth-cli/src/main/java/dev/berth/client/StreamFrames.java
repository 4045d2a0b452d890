package dev.berth.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The Engine API's multiplexed stream, used for attach, exec and logs when the container has no TTY: each
 * frame is an 8-byte header (stream type: 0 stdin, 1 stdout, 2 stderr, 3 a daemon error; three zero
 * bytes; the payload size, big-endian) and its payload. Splitting it keeps the container's stdout and stderr
 * apart all the way to the user's.
 */
public final class StreamFrames {
  private StreamFrames() {}

  /**
   * Copies frames to {@code out} (stdout and stdin frames) and {@code err} until the stream ends, flushing
   * after each frame so that interactive output appears at once.
   *
   * @throws DaemonException when the daemon sends a stream-3 frame (an error in place of output)
   */
  public static void demultiplex(InputStream in, OutputStream out, OutputStream err) throws IOException {
    byte[] header = new byte[8];
    byte[] buf = new byte[32 * 1024];
    while (readHeader(in, header)) {
      int type = header[0];
      long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
      if (type == 3) throw new DaemonException(500, new String(in.readNBytes((int) Math.min(size, 1 << 20)), java.nio.charset.StandardCharsets.UTF_8).strip());
      if (type < 0 || type > 2) throw new IOException("malformed multiplexed stream from the daemon: stream type " + type);
      OutputStream target = type == 2 ? err : out;
      copy(in, target, size, buf);
      target.flush();
    }
  }

  /** Copies a raw (TTY) stream, flushing as bytes arrive. */
  public static void copyRaw(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[32 * 1024];
    for (int n; (n = in.read(buf)) >= 0; ) {
      out.write(buf, 0, n);
      out.flush();
    }
  }

  /** The header of one frame, for writing such streams (tests, fakes). */
  public static byte[] header(int type, int size) {
    return new byte[] {(byte) type, 0, 0, 0, (byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size};
  }

  private static boolean readHeader(InputStream in, byte[] header) throws IOException {
    int got = 0;
    while (got < header.length) {
      int n = in.read(header, got, header.length - got);
      if (n < 0) {
        if (got == 0) return false;
        throw new EOFException("the daemon's stream ended inside a frame header");
      }
      got += n;
    }
    return true;
  }

  private static void copy(InputStream in, OutputStream out, long size, byte[] buf) throws IOException {
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) throw new EOFException("the daemon's stream ended inside a frame (" + left + " of " + size + " bytes missing)");
      out.write(buf, 0, n);
      left -= n;
    }
  }
}
