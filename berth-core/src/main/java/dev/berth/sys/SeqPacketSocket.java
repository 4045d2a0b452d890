package dev.berth.sys;

import static dev.berth.sys.NativeCalls.INT;
import static dev.berth.sys.NativeCalls.LONG;
import static dev.berth.sys.NativeCalls.PTR;
import static dev.berth.sys.NativeCalls.check;
import static dev.berth.sys.NativeCalls.errno;
import static dev.berth.sys.NativeCalls.errnoState;
import static dev.berth.sys.NativeCalls.libcWithErrno;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connected AF_UNIX SOCK_SEQPACKET client socket. The JDK's unix-domain channels are SOCK_STREAM only, yet
 * conmon's attach socket is a packet socket whose every message carries a one-byte stream tag: reading it as
 * a byte stream would merge messages and lose the tags. Each {@link #receive} returns exactly one packet.
 *
 * <p>Reads wait in {@code poll()} with a bounded timeout, so a reader never blocks in the kernel forever and
 * {@link #close} from another thread takes effect at the next poll. One thread may receive while another
 * sends; {@code close} waits for neither.
 */
public final class SeqPacketSocket implements Closeable {
  private static final int AF_UNIX = 1;
  private static final int SOCK_SEQPACKET = 5;
  private static final int SOCK_CLOEXEC = 02000000;
  private static final int SHUT_WR = 1;
  private static final short POLLIN = 0x001;
  private static final int EINTR = 4;
  private static final int SUN_PATH_MAX = 108;
  private static final int MSG_NOSIGNAL = 0x4000;


  private static final MethodHandle SOCKET = libcWithErrno("socket", FunctionDescriptor.of(INT, INT, INT, INT));
  private static final MethodHandle CONNECT = libcWithErrno("connect", FunctionDescriptor.of(INT, INT, PTR, INT));
  private static final MethodHandle RECV = libcWithErrno("recv", FunctionDescriptor.of(LONG, INT, PTR, LONG, INT));
  private static final MethodHandle SEND = libcWithErrno("send", FunctionDescriptor.of(LONG, INT, PTR, LONG, INT));
  private static final MethodHandle POLL = libcWithErrno("poll", FunctionDescriptor.of(INT, PTR, LONG, INT));
  private static final MethodHandle SHUTDOWN = libcWithErrno("shutdown", FunctionDescriptor.of(INT, INT, INT));
  private static final MethodHandle CLOSE = libcWithErrno("close", FunctionDescriptor.of(INT, INT));

  private final Path path;
  private final ReentrantLock closeLock = new ReentrantLock();
  private volatile int fd;

  private SeqPacketSocket(Path path, int fd) {
    this.path = path;
    this.fd = fd;
  }

  /** Connects to the packet socket at {@code path} (at most 107 bytes: the kernel's sun_path limit). */
  public static SeqPacketSocket connect(Path path) throws IOException {
    byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
    if (name.length >= SUN_PATH_MAX) {
      throw new IOException("connect " + path + ": path longer than " + (SUN_PATH_MAX - 1) + " bytes");
    }
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      int fd = (int) SOCKET.invokeExact(st, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
      if (fd < 0) {
        throw new Libc.ErrnoException("socket", path, errno(st));
      }
      MemorySegment addr = a.allocate(2 + SUN_PATH_MAX);
      addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
      MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, 2, name.length);
      int rc = (int) CONNECT.invokeExact(st, fd, addr, 2 + name.length + 1);
      if (rc < 0) {
        int errno = errno(st);
        int ignored = (int) CLOSE.invokeExact(st, fd);
        throw new Libc.ErrnoException("connect", path, errno);
      }
      return new SeqPacketSocket(path, fd);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("connect " + path, t);
    }
  }

  /**
   * Receives one packet into {@code buf}, waiting at most {@code timeoutMillis} (negative: forever, in
   * bounded polls). Returns its length, or -1 at end of stream (the peer closed). A packet longer than
   * {@code buf} is truncated, so size the buffer for the peer's largest message.
   *
   * @throws SocketTimeoutException when nothing arrived in time
   */
  public int receive(byte[] buf, long timeoutMillis) throws IOException {
    long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000;
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      MemorySegment pfd = a.allocate(8);
      MemorySegment data = a.allocate(buf.length);
      while (true) {
        int current = openFd();
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0 && timeoutMillis >= 0) {
          throw new SocketTimeoutException("receive from " + path + ": nothing within " + timeoutMillis + " ms");
        }
        pfd.set(INT, 0, current);
        pfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
        pfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        int ready = (int) POLL.invokeExact(st, pfd, 1L, (int) Math.min(left, 200));
        if (ready < 0 && errno(st) != EINTR) {
          throw new Libc.ErrnoException("poll", path, errno(st));
        }
        if (ready > 0) {
          long n = (long) RECV.invokeExact(st, current, data, (long) buf.length, 0);
          if (n < 0) {
            throw new Libc.ErrnoException("recv", path, errno(st));
          }
          if (n == 0) {
            return -1;
          }
          MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, buf, 0, (int) n);
          return (int) n;
        }
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("recv " + path, t);
    }
  }

  /** Sends {@code len} bytes of {@code buf} from {@code off} as one packet. */
  public void send(byte[] buf, int off, int len) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      MemorySegment data = a.allocate(Math.max(1, len));
      MemorySegment.copy(buf, off, data, ValueLayout.JAVA_BYTE, 0, len);
      long n = (long) SEND.invokeExact(st, openFd(), data, (long) len, MSG_NOSIGNAL);
      check(n, st, "send", path);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("send " + path, t);
    }
  }

  /** Half-closes the socket: the peer reads end of stream (for conmon: the container's stdin closes). */
  public void shutdownOutput() throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      check((int) SHUTDOWN.invokeExact(st, openFd(), SHUT_WR), st, "shutdown", path);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("shutdown " + path, t);
    }
  }

  private int openFd() throws IOException {
    int current = fd;
    if (current < 0) {
      throw new IOException("socket " + path + " is closed");
    }
    return current;
  }

  @Override
  public void close() throws IOException {
    closeLock.lock();
    try {
      int current = fd;
      if (current < 0) {
        return;
      }
      fd = -1;
      try (Arena a = Arena.ofConfined()) {
        MemorySegment st = errnoState(a);
        int ignored = (int) CLOSE.invokeExact(st, current);
      } catch (Throwable t) {
        throw new IOException("close " + path, t);
      }
    } finally {
      closeLock.unlock();
    }
  }
}
