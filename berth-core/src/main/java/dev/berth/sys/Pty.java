package dev.berth.sys;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pseudo-terminal pair whose master stays in this process ({@code posix_openpt}, {@code grantpt},
 * {@code unlockpt}, {@code ptsname_r}). Another process opens the slave by its path; this side sets the
 * window size on the master ({@code TIOCSWINSZ}), which the slave's user reads as its terminal size. The
 * master is opened with O_NOCTTY and O_CLOEXEC: it never becomes this process's controlling terminal and
 * never leaks into children.
 */
public final class Pty implements Closeable {
  private static final int O_RDWR = 02;
  private static final int O_NOCTTY = 0400;
  private static final int O_CLOEXEC = 02000000;
  private static final long TIOCGWINSZ = 0x5413;
  private static final long TIOCSWINSZ = 0x5414;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
  private static final ValueLayout PTR = ValueLayout.ADDRESS;

  private static final MethodHandle POSIX_OPENPT = fn("posix_openpt", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle GRANTPT = fn("grantpt", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle UNLOCKPT = fn("unlockpt", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle PTSNAME_R = fn("ptsname_r", FunctionDescriptor.of(INT, INT, PTR, LONG));
  private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle IOCTL = LINKER.downcallHandle(
      LINKER.defaultLookup().find("ioctl").orElseThrow(),
      FunctionDescriptor.of(INT, INT, LONG, PTR),
      Linker.Option.firstVariadicArg(2),
      Linker.Option.captureCallState("errno"));

  private final Path slave;
  private final ReentrantLock lock = new ReentrantLock();
  private int master;

  private Pty(int master, Path slave) {
    this.master = master;
    this.slave = slave;
  }

  private static MethodHandle fn(String name, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(
        LINKER.defaultLookup().find(name).orElseThrow(), descriptor, Linker.Option.captureCallState("errno"));
  }

  /** Opens a new pair; the slave is ready to be opened by its {@link #slave() path}. */
  public static Pty open() throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int fd = (int) POSIX_OPENPT.invokeExact(st, O_RDWR | O_NOCTTY | O_CLOEXEC);
      if (fd < 0) {
        throw new Libc.ErrnoException("posix_openpt", "/dev/ptmx", errno(st));
      }
      try {
        if ((int) GRANTPT.invokeExact(st, fd) != 0) {
          throw new Libc.ErrnoException("grantpt", "/dev/ptmx", errno(st));
        }
        if ((int) UNLOCKPT.invokeExact(st, fd) != 0) {
          throw new Libc.ErrnoException("unlockpt", "/dev/ptmx", errno(st));
        }
        MemorySegment name = a.allocate(128);
        int rc = (int) PTSNAME_R.invokeExact(st, fd, name, 128L);
        if (rc != 0) {
          throw new Libc.ErrnoException("ptsname_r", "/dev/ptmx", rc);
        }
        return new Pty(fd, Path.of(name.getString(0)));
      } catch (Throwable t) {
        int ignored = (int) CLOSE.invokeExact(st, fd);
        throw t;
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("open pseudo-terminal", t);
    }
  }

  /** The slave's path, {@code /dev/pts/N}. */
  public Path slave() {
    return slave;
  }

  /** Sets the terminal's size in character cells. */
  public void resize(int rows, int cols) throws IOException {
    if (rows < 0 || cols < 0 || rows > 0xffff || cols > 0xffff) {
      throw new IllegalArgumentException("terminal size out of range: " + rows + "x" + cols);
    }
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      MemorySegment ws = a.allocate(8);
      ws.set(ValueLayout.JAVA_SHORT, 0, (short) rows);
      ws.set(ValueLayout.JAVA_SHORT, 2, (short) cols);
      ioctl(st, TIOCSWINSZ, ws, "TIOCSWINSZ");
    }
  }

  /** The terminal's size: {rows, cols}. */
  public int[] size() throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      MemorySegment ws = a.allocate(8);
      ioctl(st, TIOCGWINSZ, ws, "TIOCGWINSZ");
      return new int[] {
        Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 0)), Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 2))
      };
    }
  }

  private void ioctl(MemorySegment st, long request, MemorySegment arg, String name) throws IOException {
    lock.lock();
    try {
      if (master < 0) {
        throw new IOException("ioctl " + name + " " + slave + ": the terminal is closed");
      }
      if ((int) IOCTL.invokeExact(st, master, request, arg) != 0) {
        throw new Libc.ErrnoException("ioctl " + name, slave, errno(st));
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("ioctl " + name + " " + slave, t);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws IOException {
    lock.lock();
    try (Arena a = Arena.ofConfined()) {
      if (master >= 0) {
        int fd = master;
        master = -1;
        int ignored = (int) CLOSE.invokeExact(a.allocate(CAPTURE), fd);
      }
    } catch (Throwable t) {
      throw new IOException("close " + slave + "'s master", t);
    } finally {
      lock.unlock();
    }
  }

  private static int errno(MemorySegment st) {
    return (int) ERRNO.get(st, 0L);
  }
}
