package dev.berth.image.layer;

import dev.berth.sys.Libc;
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
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * The file calls on the applier's hot path, made through FFM with one reusable native scratch area per
 * instance instead of java.nio's channel machinery: create a file exclusively (O_CREAT|O_EXCL|O_NOFOLLOW,
 * so neither a symlink nor an existing inode is ever written through), write it from the tar reader's
 * buffer through one reused native buffer, set its mtime on the open descriptor, close it. A layer has thousands of small files, so per-file overhead is what counts.
 *
 * <p>One instance belongs to one apply and one thread at a time (the scratch area is shared by its calls).
 * Paths are encoded with the JDK's file-name charset ({@code sun.jnu.encoding}) so that a name reaches the
 * same file through these calls as through java.nio.
 */
final class NativeFiles {
  static final int EEXIST = 17;
  private static final int EINTR = 4;
  private static final int O_WRONLY = 01;
  private static final int O_CREAT = 0100;
  private static final int O_EXCL = 0200;
  private static final int O_NOFOLLOW = 0400000;
  private static final int O_CLOEXEC = 02000000;
  private static final int CREATE_FLAGS = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
  private static final int PATH_MAX = 4096;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
  private static final ValueLayout PTR = ValueLayout.ADDRESS;
  private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

  // openat is variadic: the mode is its first variadic argument.
  private static final MethodHandle OPENAT =
      fn("openat", FunctionDescriptor.of(INT, INT, PTR, INT, INT), ERRNO_OPTION, Linker.Option.firstVariadicArg(3));
  // Not a "critical" call reading the heap directly: a write to a disk under writeback pressure may sleep,
  // and a critical call would hold off every safepoint (GC) of the daemon meanwhile. One copy into a
  // native staging buffer is the price.
  private static final MethodHandle WRITE = fn("write", FunctionDescriptor.of(LONG, INT, PTR, LONG), ERRNO_OPTION);
  private static final int STAGE = 1 << 20;
  private static final MethodHandle FUTIMENS = fn("futimens", FunctionDescriptor.of(INT, INT, PTR), ERRNO_OPTION);
  private static final MethodHandle UTIMENSAT =
      fn("utimensat", FunctionDescriptor.of(INT, INT, PTR, PTR, INT), ERRNO_OPTION);
  private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(INT, INT), ERRNO_OPTION);
  private static final Charset PATH_CHARSET = pathCharset();

  private final MemorySegment state;
  private final MemorySegment times;
  private final MemorySegment path;
  private final MemorySegment stage;

  NativeFiles() {
    Arena arena = Arena.ofAuto(); // freed with this object; a few KiB per apply
    state = arena.allocate(CAPTURE);
    times = arena.allocate(LONG, 4);
    path = arena.allocate(PATH_MAX + 1);
    stage = arena.allocate(STAGE);
  }

  private static MethodHandle fn(String name, FunctionDescriptor d, Linker.Option... options) {
    return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d, options);
  }

  private static Charset pathCharset() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }

  /**
   * Creates {@code p} with permission bits {@code mode & 0777} (less the umask) and opens it for writing.
   * Throws an {@link Libc.ErrnoException} with errno EEXIST when something, even a dangling symlink, is there.
   */
  int create(Path p, int mode) throws IOException {
    try {
      MemorySegment c = cpath(p);
      while (true) {
        int fd = (int) OPENAT.invokeExact(state, Libc.AT_FDCWD, c, CREATE_FLAGS, mode & 0777);
        if (fd >= 0) return fd;
        int errno = errno();
        if (errno != EINTR) throw new Libc.ErrnoException("open", p, errno);
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("open " + p, t);
    }
  }

  /** Writes all of {@code b[off, off + len)} to {@code fd}. */
  void write(int fd, byte[] b, int off, int len, Path p) throws IOException {
    while (len > 0) {
      int n = Math.min(len, STAGE);
      MemorySegment.copy(b, off, stage, ValueLayout.JAVA_BYTE, 0, n);
      writeStaged(fd, n, p);
      off += n;
      len -= n;
    }
  }

  private void writeStaged(int fd, int len, Path p) throws IOException {
    try {
      long done = 0;
      while (done < len) {
        long n = (long) WRITE.invokeExact(state, fd, stage.asSlice(done, len - done), len - done);
        if (n < 0) {
          int errno = errno();
          if (errno == EINTR) continue;
          throw new Libc.ErrnoException("write", p, errno);
        }
        done += n;
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("write " + p, t);
    }
  }

  /** Sets the atime and mtime of the open file {@code fd}. */
  void futimens(int fd, long sec, long nsec, Path p) throws IOException {
    setTimes(sec, nsec);
    try {
      int rc = (int) FUTIMENS.invokeExact(state, fd, times);
      if (rc != 0) throw new Libc.ErrnoException("futimens", p, errno());
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("futimens " + p, t);
    }
  }

  /** Sets the atime and mtime of {@code p} itself, not of a symlink's target. */
  void lutimes(Path p, long sec, long nsec) throws IOException {
    setTimes(sec, nsec);
    try {
      int rc = (int) UTIMENSAT.invokeExact(state, Libc.AT_FDCWD, cpath(p), times, Libc.AT_SYMLINK_NOFOLLOW);
      if (rc != 0) throw new Libc.ErrnoException("utimensat", p, errno());
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("utimensat " + p, t);
    }
  }

  /** Closes {@code fd}; a failure (a delayed write error) is reported, the descriptor is gone either way. */
  void close(int fd, Path p) throws IOException {
    try {
      int rc = (int) CLOSE.invokeExact(state, fd);
      if (rc != 0 && errno() != EINTR) throw new Libc.ErrnoException("close", p, errno());
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("close " + p, t);
    }
  }

  private void setTimes(long sec, long nsec) {
    times.setAtIndex(LONG, 0, sec);
    times.setAtIndex(LONG, 1, nsec);
    times.setAtIndex(LONG, 2, sec);
    times.setAtIndex(LONG, 3, nsec);
  }

  private MemorySegment cpath(Path p) throws IOException {
    byte[] b = p.toString().getBytes(PATH_CHARSET);
    if (b.length > PATH_MAX) throw new Libc.ErrnoException("resolve", p, 36); // ENAMETOOLONG
    MemorySegment.copy(b, 0, path, ValueLayout.JAVA_BYTE, 0, b.length);
    path.set(ValueLayout.JAVA_BYTE, b.length, (byte) 0);
    return path;
  }

  private int errno() {
    return (int) ERRNO.get(state, 0L);
  }
}
