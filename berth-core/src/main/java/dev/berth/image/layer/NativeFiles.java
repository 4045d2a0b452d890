package dev.berth.image.layer;

import static dev.berth.sys.NativeCalls.INT;
import static dev.berth.sys.NativeCalls.LONG;
import static dev.berth.sys.NativeCalls.PTR;
import static dev.berth.sys.NativeCalls.errnoState;
import static dev.berth.sys.NativeCalls.libcWithErrno;

import dev.berth.sys.Libc;
import dev.berth.sys.NativeCalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * The file calls on the applier's hot path, made through FFM with one reusable native scratch area per
 * instance instead of java.nio's attribute maps and path conversions: create a file exclusively
 * (O_CREAT|O_EXCL|O_NOFOLLOW, so neither a symlink nor an existing inode is ever written through), write it
 * straight from a native chunk of the layer, set its owner, mode and mtime on the open descriptor, close it;
 * make directories, symlinks and hardlinks, change owners and modes, unlink, and read a node's type. A
 * layer has thousands of small files, so per-file overhead is what counts.
 *
 * <p>One instance belongs to one apply and one thread at a time (the scratch area is shared by its calls).
 * Paths are encoded with the JDK's file-name charset ({@code sun.jnu.encoding}) so that a name reaches the
 * same file through these calls as through java.nio; a name with a NUL byte is refused, never cut short.
 */
final class NativeFiles {
  static final int EEXIST = 17;
  static final int ENOENT = 2;
  private static final int EINTR = 4;
  private static final int ENOSYS = 38;
  private static final int O_WRONLY = 01;
  private static final int O_CREAT = 0100;
  private static final int O_EXCL = 0200;
  private static final int O_NOFOLLOW = 0400000;
  private static final int O_CLOEXEC = 02000000;
  private static final int CREATE_FLAGS = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
  private static final int PATH_MAX = 4096;
  private static final int STATX_TYPE_MODE = 0x3; // STATX_TYPE | STATX_MODE
  private static final int STATX_SIZE = 256;
  private static final long STATX_MODE_OFFSET = 28; // struct statx: __u16 stx_mode, the same on every arch

  // openat is variadic: the mode is its first variadic argument.
  private static final MethodHandle OPENAT =
      libcWithErrno("openat", FunctionDescriptor.of(INT, INT, PTR, INT, INT), Linker.Option.firstVariadicArg(3));
  // Not a "critical" call: a write to a disk under writeback pressure may sleep, and a critical call would
  // hold off every safepoint (GC) of the daemon meanwhile. It writes from native chunks, so needs none.
  private static final MethodHandle WRITE = libcWithErrno("write", FunctionDescriptor.of(LONG, INT, PTR, LONG));
  private static final MethodHandle FUTIMENS = libcWithErrno("futimens", FunctionDescriptor.of(INT, INT, PTR));
  private static final MethodHandle UTIMENSAT =
      libcWithErrno("utimensat", FunctionDescriptor.of(INT, INT, PTR, PTR, INT));
  private static final MethodHandle CLOSE = libcWithErrno("close", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle MKDIRAT = libcWithErrno("mkdirat", FunctionDescriptor.of(INT, INT, PTR, INT));
  private static final MethodHandle UNLINKAT = libcWithErrno("unlinkat", FunctionDescriptor.of(INT, INT, PTR, INT));
  private static final MethodHandle SYMLINKAT =
      libcWithErrno("symlinkat", FunctionDescriptor.of(INT, PTR, INT, PTR));

  // Linking a handle of a new C signature costs about 10 ms of CPU in a fresh JVM, where a layer's whole
  // apply costs a few hundred: the calls most layers never make are linked on first use, one holder each.
  private static final class Fchown {
    static final MethodHandle FCHOWN = libcWithErrno("fchown", FunctionDescriptor.of(INT, INT, INT, INT));
  }

  private static final class Fchmod {
    static final MethodHandle FCHMOD = libcWithErrno("fchmod", FunctionDescriptor.of(INT, INT, INT));
  }

  private static final class Fchownat {
    static final MethodHandle FCHOWNAT =
        libcWithErrno("fchownat", FunctionDescriptor.of(INT, INT, PTR, INT, INT, INT));
  }

  private static final class Fchmodat {
    static final MethodHandle FCHMODAT =
        libcWithErrno("fchmodat", FunctionDescriptor.of(INT, INT, PTR, INT, INT));
  }

  private static final class Linkat {
    static final MethodHandle LINKAT =
        libcWithErrno("linkat", FunctionDescriptor.of(INT, INT, PTR, INT, PTR, INT));
  }

  private static final class Statx {
    static final MethodHandle STATX =
        libcWithErrno("statx", FunctionDescriptor.of(INT, INT, PTR, INT, INT, PTR));
  }

  private static final class Mknodat {
    static final MethodHandle MKNODAT =
        libcWithErrno("mknodat", FunctionDescriptor.of(INT, INT, PTR, INT, LONG));
  }

  private static final class Lsetxattr {
    static final MethodHandle LSETXATTR =
        libcWithErrno("lsetxattr", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, INT));
  }

  private static final Charset PATH_CHARSET = pathCharset();

  private final MemorySegment state;
  private final MemorySegment times;
  private final MemorySegment path;
  private final MemorySegment path2;
  private final MemorySegment statx;

  NativeFiles() {
    Arena arena = Arena.ofAuto(); // freed with this object; a few KiB per apply
    state = errnoState(arena);
    times = arena.allocate(LONG, 4);
    path = arena.allocate(PATH_MAX + 1);
    path2 = arena.allocate(PATH_MAX + 1);
    statx = arena.allocate(STATX_SIZE, 8);
  }

  private static Charset pathCharset() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }

  /** One downcall returning 0 or -1 with errno; {@link #check} retries it on EINTR. */
  @FunctionalInterface
  private interface Call {
    int invoke() throws Throwable;
  }

  /** Runs {@code c}, retrying on EINTR; returns its non-negative result or throws with errno and path. */
  private int check(String what, Path p, Call c) throws IOException {
    try {
      while (true) {
        int rc = c.invoke();
        if (rc >= 0) return rc;
        int errno = errno();
        if (errno != EINTR) throw new Libc.ErrnoException(what, p, errno);
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(what + " " + p, t);
    }
  }

  /**
   * Creates {@code p} with permission bits {@code mode & 0777} (less the umask) and opens it for writing.
   * Throws an {@link Libc.ErrnoException} with errno EEXIST when something, even a dangling symlink, is there.
   */
  int create(Path p, int mode) throws IOException {
    MemorySegment c = cpath(path, p);
    return check("open", p, () -> (int) OPENAT.invokeExact(state, Libc.AT_FDCWD, c, CREATE_FLAGS, mode & 0777));
  }

  /** Writes all of {@code seg[off, off + len)}, a native segment, to {@code fd}. */
  void write(int fd, MemorySegment seg, long off, long len, Path p) throws IOException {
    try {
      long done = 0;
      while (done < len) {
        long n = (long) WRITE.invokeExact(state, fd, seg.asSlice(off + done, len - done), len - done);
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

  /** Sets the owner of the open file {@code fd}. */
  void fchown(int fd, int uid, int gid, Path p) throws IOException {
    check("fchown", p, () -> (int) Fchown.FCHOWN.invokeExact(state, fd, uid, gid));
  }

  /** Sets the mode bits (07777) of the open file {@code fd}. */
  void fchmod(int fd, int mode, Path p) throws IOException {
    check("fchmod", p, () -> (int) Fchmod.FCHMOD.invokeExact(state, fd, mode & 07777));
  }

  /** Sets the atime and mtime of the open file {@code fd}. */
  void futimens(int fd, long sec, long nsec, Path p) throws IOException {
    setTimes(sec, nsec);
    check("futimens", p, () -> (int) FUTIMENS.invokeExact(state, fd, times));
  }

  /** Sets the atime and mtime of {@code p} itself, not of a symlink's target. */
  void lutimes(Path p, long sec, long nsec) throws IOException {
    setTimes(sec, nsec);
    MemorySegment c = cpath(path, p);
    check("utimensat", p, () -> (int) UTIMENSAT.invokeExact(state, Libc.AT_FDCWD, c, times, Libc.AT_SYMLINK_NOFOLLOW));
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

  /** Makes directory {@code p} with {@code mode & 0777} less the umask; EEXIST when anything is there. */
  void mkdir(Path p, int mode) throws IOException {
    MemorySegment c = cpath(path, p);
    check("mkdir", p, () -> (int) MKDIRAT.invokeExact(state, Libc.AT_FDCWD, c, mode & 0777));
  }

  /** Makes symlink {@code p} pointing to {@code target} (not resolved); EEXIST when anything is there. */
  void symlink(Path p, String target) throws IOException {
    MemorySegment t = cstring(path2, target, p);
    MemorySegment c = cpath(path, p);
    check("symlink", p, () -> (int) SYMLINKAT.invokeExact(state, t, Libc.AT_FDCWD, c));
  }

  /** Makes {@code p} a hardlink of {@code existing}; never follows a symlink at {@code existing}. */
  void link(Path p, Path existing) throws IOException {
    MemorySegment e = cpath(path2, existing);
    MemorySegment c = cpath(path, p);
    check("link", p, () -> (int) Linkat.LINKAT.invokeExact(state, Libc.AT_FDCWD, e, Libc.AT_FDCWD, c, 0));
  }

  /** Sets the owner of {@code p} itself, not of a symlink's target. */
  void lchown(Path p, int uid, int gid) throws IOException {
    MemorySegment c = cpath(path, p);
    check("chown", p, () -> (int) Fchownat.FCHOWNAT.invokeExact(state, Libc.AT_FDCWD, c, uid, gid, Libc.AT_SYMLINK_NOFOLLOW));
  }

  /** Sets the mode bits (07777) of {@code p}, following a symlink (callers never pass one). */
  void chmod(Path p, int mode) throws IOException {
    MemorySegment c = cpath(path, p);
    check("chmod", p, () -> (int) Fchmodat.FCHMODAT.invokeExact(state, Libc.AT_FDCWD, c, mode & 07777, 0));
  }

  /** Makes a device node or fifo: {@code mode} holds the type (S_IFCHR …) and permission bits. */
  void mknod(Path p, int mode, int major, int minor) throws IOException {
    MemorySegment c = cpath(path, p);
    long dev = makedev(major, minor);
    check("mknod", p, () -> (int) Mknodat.MKNODAT.invokeExact(state, Libc.AT_FDCWD, c, mode, dev));
  }

  /** Sets extended attribute {@code name} of {@code p} itself, not of a symlink's target. */
  void lsetxattr(Path p, String name, byte[] value) throws IOException {
    MemorySegment c = cpath(path, p);
    MemorySegment n = cstring(path2, name, p);
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(Math.max(1, value.length));
      MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
      check("setxattr " + name, p,
          () -> (int) Lsetxattr.LSETXATTR.invokeExact(state, c, n, v, (long) value.length, 0));
    }
  }

  /** Removes the non-directory {@code p}; a missing one is fine. */
  void unlink(Path p) throws IOException {
    MemorySegment c = cpath(path, p);
    try {
      check("unlink", p, () -> (int) UNLINKAT.invokeExact(state, Libc.AT_FDCWD, c, 0));
    } catch (Libc.ErrnoException e) {
      if (e.errno() != ENOENT) throw e;
    }
  }

  /**
   * The st_mode of {@code p} without following a final symlink, or -1 when nothing is there (ENOENT). Uses
   * statx(2), whose layout is the same on every architecture; java.nio where a sandbox refuses it (ENOSYS).
   */
  int lstatMode(Path p) throws IOException {
    MemorySegment c = cpath(path, p);
    try {
      check("stat", p, () -> (int) Statx.STATX.invokeExact(state, Libc.AT_FDCWD, c, Libc.AT_SYMLINK_NOFOLLOW,
          STATX_TYPE_MODE, statx));
    } catch (Libc.ErrnoException e) {
      if (e.errno() == ENOENT) return -1;
      if (e.errno() == ENOSYS) return RootResolver.nioMode(p);
      throw e;
    }
    return Short.toUnsignedInt(statx.get(ValueLayout.JAVA_SHORT, STATX_MODE_OFFSET));
  }

  /** Linux's dev_t encoding, as glibc's makedev(3) (as {@code Libc.makedev}, whose class this spares loading). */
  static long makedev(int major, int minor) {
    return ((long) (major & 0xfff) << 8) | (minor & 0xff) | ((long) (minor & ~0xff) << 12)
        | ((long) (major & ~0xfff) << 32);
  }

  private void setTimes(long sec, long nsec) {
    times.setAtIndex(LONG, 0, sec);
    times.setAtIndex(LONG, 1, nsec);
    times.setAtIndex(LONG, 2, sec);
    times.setAtIndex(LONG, 3, nsec);
  }

  private static MemorySegment cpath(MemorySegment into, Path p) throws IOException {
    return cstring(into, p.toString(), p);
  }

  private static MemorySegment cstring(MemorySegment into, String s, Path p) throws IOException {
    byte[] b = s.getBytes(PATH_CHARSET);
    if (b.length > PATH_MAX) throw new Libc.ErrnoException("resolve", p, 36); // ENAMETOOLONG
    for (byte x : b) {
      if (x == 0) throw new MalformedLayerException("name for " + p + " contains a NUL byte", null);
    }
    MemorySegment.copy(b, 0, into, ValueLayout.JAVA_BYTE, 0, b.length);
    into.set(ValueLayout.JAVA_BYTE, b.length, (byte) 0);
    return into;
  }

  private int errno() {
    return NativeCalls.errno(state);
  }
}
