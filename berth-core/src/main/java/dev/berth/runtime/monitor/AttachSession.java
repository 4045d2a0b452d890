package dev.berth.runtime.monitor;

import dev.berth.sys.SeqPacketSocket;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A connection to conmon's attach socket. conmon sends each chunk of the container's output as one packet
 * whose first byte names the stream (2 stdout, 3 stderr; a terminal's output is all stdout), so the two
 * streams stay apart up to the client. What we send is the container's stdin, raw; half-closing the socket
 * closes the container's stdin (unless conmon was told to leave it open). Only output produced while
 * attached arrives here; earlier output is in the log.
 */
public final class AttachSession implements Closeable {
  /** One chunk of output: the stream it came from and its bytes. */
  public record Frame(LogStream stream, byte[] data) {
    public Frame {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }
  }

  private static final int STDOUT_TAG = 2;
  private static final int STDERR_TAG = 3;
  /** conmon's buffer (8 KiB) plus the tag byte, with room to spare. */
  private static final int PACKET_MAX = 32 * 1024;
  private static final int STDIN_CHUNK = 8192;

  private final SeqPacketSocket socket;
  private final byte[] buf = new byte[PACKET_MAX];

  private AttachSession(SeqPacketSocket socket) {
    this.socket = socket;
  }

  /** The kernel's limit on a socket address, terminating NUL included. */
  private static final int SUN_PATH_MAX = 108;

  /**
   * Connects to the socket; a path too long for a socket address (a deep exec root) is reached through an
   * {@code O_PATH} descriptor of its directory, as {@code /proc/self/fd/<fd>/attach}.
   */
  static AttachSession open(Path attachSocket) throws IOException {
    if (attachSocket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < SUN_PATH_MAX) {
      return new AttachSession(SeqPacketSocket.connect(attachSocket));
    }
    int dir = dev.berth.sys.Libc.openDirectoryPath(attachSocket.getParent());
    try {
      Path shortPath = Path.of("/proc/self/fd", Integer.toString(dir), attachSocket.getFileName().toString());
      return new AttachSession(SeqPacketSocket.connect(shortPath));
    } finally {
      dev.berth.sys.MountApi.close(dir);
    }
  }

  /**
   * The next chunk of output, waiting at most {@code timeoutMillis} (negative: until it comes); empty when
   * conmon closed the socket because the container ended.
   *
   * @throws java.net.SocketTimeoutException when nothing came in time
   */
  public Optional<Frame> read(long timeoutMillis) throws IOException {
    while (true) {
      int n = socket.receive(buf, timeoutMillis);
      if (n < 0) {
        return Optional.empty();
      }
      if (n == 0) {
        continue;
      }
      LogStream stream = switch (buf[0]) {
        case STDOUT_TAG -> LogStream.STDOUT;
        case STDERR_TAG -> LogStream.STDERR;
        default -> throw new IOException("attach: conmon sent a packet with unknown stream tag " + buf[0]);
      };
      return Optional.of(new Frame(stream, Arrays.copyOfRange(buf, 1, n)));
    }
  }

  /** Writes to the container's stdin (the monitor must have been created with stdin open). */
  public void writeStdin(byte[] data) throws IOException {
    for (int off = 0; off < data.length; off += STDIN_CHUNK) {
      socket.send(data, off, Math.min(STDIN_CHUNK, data.length - off));
    }
  }

  /** Ends the container's stdin: it reads end of file. Output keeps arriving. */
  public void closeStdin() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
