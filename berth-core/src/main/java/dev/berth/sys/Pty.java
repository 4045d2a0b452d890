package dev.berth.sys;

import static dev.berth.sys.NativeCalls.INT;
import static dev.berth.sys.NativeCalls.LONG;
import static dev.berth.sys.NativeCalls.PTR;
import static dev.berth.sys.NativeCalls.errno;
import static dev.berth.sys.NativeCalls.errnoState;
import static dev.berth.sys.NativeCalls.libcWithErrno;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
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


  private static final MethodHandle POSIX_OPENPT = libcWithErrno("posix_openpt", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle GRANTPT = libcWithErrno("grantpt", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle UNLOCKPT = libcWithErrno("unlockpt", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle PTSNAME_R = libcWithErrno("ptsname_r", FunctionDescriptor.of(INT, INT, PTR, LONG));
  private static final MethodHandle CLOSE = libcWithErrno("close", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle IOCTL =
      libcWithErrno("ioctl", FunctionDescriptor.of(INT, INT, LONG, PTR), Linker.Option.firstVariadicArg(2));

  private final Path slave;
  private final ReentrantLock lock = new ReentrantLock();
  private int master;

  private Pty(int master, Path slave) {
    this.master = master;
    this.slave = slave;
  }

  /** Opens a new pair; the slave is ready to be opened by its {@link #slave() path}. */
  public static Pty open() throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
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
      MemorySegment st = errnoState(a);
      MemorySegment ws = a.allocate(8);
      ws.set(ValueLayout.JAVA_SHORT, 0, (short) rows);
      ws.set(ValueLayout.JAVA_SHORT, 2, (short) cols);
      ioctl(st, TIOCSWINSZ, ws, "TIOCSWINSZ");
    }
  }

  /** The terminal's size: {rows, cols}. */
  public int[] size() throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
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
        int ignored = (int) CLOSE.invokeExact(errnoState(a), fd);
      }
    } catch (Throwable t) {
      throw new IOException("close " + slave + "'s master", t);
    } finally {
      lock.unlock();
    }
  }
}
