package dev.berth.proxy;

import static dev.berth.sys.NativeCalls.INT;
import static dev.berth.sys.NativeCalls.LONG;
import static dev.berth.sys.NativeCalls.PTR;
import static dev.berth.sys.NativeCalls.errno;
import static dev.berth.sys.NativeCalls.errnoState;
import static dev.berth.sys.NativeCalls.libcWithErrno;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.ClosedChannelException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Moves one direction of a connection with splice(2): socket to a pipe, pipe to the other socket, so the bytes
 * never enter user space (the copying path costs two extra copies per byte, which made the proxy reach only a
 * quarter of direct loopback throughput). Calls libc through the foreign function API.
 *
 * <p>The sockets stay non-blocking, as the JDK keeps them for virtual threads (the other direction may still be
 * copying through the JDK on a virtual thread), so a pump waits in poll(2) and must run on a platform thread. No
 * {@code SPLICE_F_MORE}: it delays the last segment of a reply, which stalled short request/reply exchanges.
 */
final class ZeroCopy {
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;
  private static final int SPLICE_F_MOVE = 1;
  private static final int SPLICE_F_NONBLOCK = 2;
  private static final int FLAGS = SPLICE_F_MOVE | SPLICE_F_NONBLOCK;
  private static final int O_NONBLOCK = 04000;
  private static final int O_CLOEXEC = 02000000;
  private static final int F_GETFL = 3;
  private static final int F_SETFL = 4;
  private static final int F_SETPIPE_SZ = 1031;
  private static final int F_GETPIPE_SZ = 1032;
  private static final short POLLIN = 1;
  private static final short POLLOUT = 4;
  /** How long a pump waits in poll before it looks whether its connection is closing. */
  private static final int POLL_MS = 500;
  /** The pipe size asked for: larger pipes mean fewer calls per byte (1 MiB is Linux's default maximum). */
  private static final int PIPE_SIZE = 1 << 20;
  /**
   * How many directions may splice at once in this JVM. Each holds a platform thread and a pipe; past this,
   * more large transfers copy on their virtual threads instead, so thousands of them cannot exhaust threads.
   */
  static final int MAX_PUMPS = 256;
  /** The free pump slots (package-private so a test can take them all). */
  static final java.util.concurrent.Semaphore PUMPS = new java.util.concurrent.Semaphore(MAX_PUMPS);

  private static final MethodHandle SPLICE;
  private static final MethodHandle PIPE2;
  private static final MethodHandle FCNTL;
  private static final MethodHandle POLL;
  private static final MethodHandle CLOSE;
  private static final boolean SUPPORTED;

  static {
    MethodHandle splice = null, pipe2 = null, fcntl = null, poll = null, close = null;
    // Link only where splicing can happen: without the descriptors or native access the JVM would only warn.
    boolean usable = SocketFds.available() && ZeroCopy.class.getModule().isNativeAccessEnabled();
    try {
      if (!usable) throw new UnsupportedOperationException("no socket descriptors or no native access");
      splice = libcWithErrno("splice", FunctionDescriptor.of(LONG, INT, PTR, INT, PTR, LONG, INT));
      pipe2 = libcWithErrno("pipe2", FunctionDescriptor.of(INT, PTR, INT));
      fcntl = libcWithErrno("fcntl", FunctionDescriptor.of(INT, INT, INT, INT), Linker.Option.firstVariadicArg(2));
      poll = libcWithErrno("poll", FunctionDescriptor.of(INT, PTR, LONG, INT));
      close = libcWithErrno("close", FunctionDescriptor.of(INT, INT));
    } catch (RuntimeException e) { // not usable here, no such symbol, or native access refused
      splice = null;
    }
    SPLICE = splice;
    PIPE2 = pipe2;
    FCNTL = fcntl;
    POLL = poll;
    CLOSE = close;
    SUPPORTED = splice != null;
  }

  private ZeroCopy() {}

  /**
   * Whether this JVM can splice: socket descriptors are readable (see {@link SocketFds}), native access is enabled
   * ({@code --enable-native-access=ALL-UNNAMED}) and libc has the calls.
   */
  static boolean supported() {
    return SUPPORTED;
  }

  /** A pipe that carries one direction's bytes between the two sockets; both ends non-blocking. */
  record Pipe(int readFd, int writeFd, int capacity) implements AutoCloseable {
    @Override
    public void close() {
      closeFd(readFd);
      closeFd(writeFd);
    }
  }

  /** Opens a pipe, enlarged to {@link #PIPE_SIZE} when the kernel allows it. */
  static Pipe pipe() throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      MemorySegment fds = a.allocate(INT, 2);
      int rc = (int) PIPE2.invokeExact(st, fds, O_NONBLOCK | O_CLOEXEC);
      if (rc < 0) throw failure("pipe2", st);
      int r = fds.getAtIndex(INT, 0);
      int w = fds.getAtIndex(INT, 1);
      int size = (int) FCNTL.invokeExact(st, w, F_SETPIPE_SZ, PIPE_SIZE);
      if (size < 0) size = (int) FCNTL.invokeExact(st, w, F_GETPIPE_SZ, 0);
      return new Pipe(r, w, Math.max(size, 4096));
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("pipe2: " + t, t);
    }
  }

  /** Makes {@code fd} non-blocking (the JDK already has it so once a virtual thread used the channel). */
  static void nonBlocking(int fd) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      int flags = (int) FCNTL.invokeExact(st, fd, F_GETFL, 0);
      if (flags < 0) throw failure("fcntl", st);
      if ((flags & O_NONBLOCK) != 0) return;
      if ((int) FCNTL.invokeExact(st, fd, F_SETFL, flags | O_NONBLOCK) < 0) throw failure("fcntl", st);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("fcntl: " + t, t);
    }
  }

  /**
   * Splices everything from socket {@code from} to socket {@code to} through {@code pipe} until {@code from}'s
   * end of stream, counting each byte once it reached {@code to}. Returns at end of stream; throws on a reset or
   * when {@code stopping} answers true while waiting.
   */
  static void pump(int from, int to, Pipe pipe, LongConsumer count, BooleanSupplier stopping) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      MemorySegment pfd = a.allocate(8, 4);
      while (true) {
        long n = (long) SPLICE.invokeExact(st, from, MemorySegment.NULL, pipe.writeFd(), MemorySegment.NULL,
            (long) pipe.capacity(), FLAGS);
        if (n == 0) return;
        if (n > 0) {
          drain(st, pfd, pipe, to, n, count, stopping);
        } else {
          int errno = errno(st);
          if (errno == EAGAIN) {
            await(st, pfd, from, POLLIN, stopping);
          } else if (errno != EINTR) {
            throw failure("splice from socket", errno);
          }
        }
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("splice: " + t, t);
    }
  }

  private static void drain(MemorySegment st, MemorySegment pfd, Pipe pipe, int to, long n, LongConsumer count,
      BooleanSupplier stopping) throws Throwable {
    while (n > 0) {
      long m = (long) SPLICE.invokeExact(st, pipe.readFd(), MemorySegment.NULL, to, MemorySegment.NULL, n, FLAGS);
      if (m > 0) {
        n -= m;
        count.accept(m);
        continue;
      }
      int errno = m == 0 ? 0 : errno(st);
      if (errno == EAGAIN) {
        await(st, pfd, to, POLLOUT, stopping);
      } else if (errno != EINTR) {
        throw failure("splice to socket", errno);
      }
    }
  }

  private static void await(MemorySegment st, MemorySegment pfd, int fd, short events, BooleanSupplier stopping)
      throws Throwable {
    pfd.set(INT, 0, fd);
    pfd.set(ValueLayout.JAVA_SHORT, 4, events);
    pfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
    int rc = (int) POLL.invokeExact(st, pfd, 1L, POLL_MS);
    if (rc < 0 && errno(st) != EINTR) throw failure("poll", st);
    if (stopping.getAsBoolean()) throw new ClosedChannelException();
  }

  private static void closeFd(int fd) {
    try (Arena a = Arena.ofConfined()) {
      int unused = (int) CLOSE.invokeExact(errnoState(a), fd); // close(2) releases the fd even on EINTR
    } catch (Throwable t) {
      // nothing more to do
    }
  }

  private static IOException failure(String call, MemorySegment st) {
    return failure(call, errno(st));
  }

  private static IOException failure(String call, int errno) {
    return new IOException(call + ": errno " + errno);
  }
}
