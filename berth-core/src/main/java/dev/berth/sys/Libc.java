package dev.berth.sys;

import static dev.berth.sys.NativeCalls.INT;
import static dev.berth.sys.NativeCalls.LONG;
import static dev.berth.sys.NativeCalls.PTR;
import static dev.berth.sys.NativeCalls.check;
import static dev.berth.sys.NativeCalls.errno;
import static dev.berth.sys.NativeCalls.errnoState;
import static dev.berth.sys.NativeCalls.libcWithErrno;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Linux libc calls that java.nio lacks. Every failure becomes an IOException naming the call, the path and
 * strerror's text (for example {@code mknod /x/dev/null: Operation not permitted}).
 */
public final class Libc {
  private Libc() {}

  public static final int AT_FDCWD = -100;
  public static final int AT_SYMLINK_NOFOLLOW = 0x100;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFIFO = 0010000;
  public static final int MNT_DETACH = 2;
  public static final int ENODATA = 61;
  public static final int ENOTSUP = 95;
  public static final int EINVAL = 22;

  private static final MethodHandle MKNOD = libcWithErrno("mknod", FunctionDescriptor.of(INT, PTR, INT, LONG));
  private static final MethodHandle LSETXATTR =
      libcWithErrno("lsetxattr", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, INT));
  private static final MethodHandle LGETXATTR =
      libcWithErrno("lgetxattr", FunctionDescriptor.of(LONG, PTR, PTR, PTR, LONG));
  private static final MethodHandle LLISTXATTR =
      libcWithErrno("llistxattr", FunctionDescriptor.of(LONG, PTR, PTR, LONG));
  private static final MethodHandle UTIMENSAT =
      libcWithErrno("utimensat", FunctionDescriptor.of(INT, INT, PTR, PTR, INT));
  private static final MethodHandle MOUNT =
      libcWithErrno("mount", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, PTR));
  private static final MethodHandle UMOUNT2 = libcWithErrno("umount2", FunctionDescriptor.of(INT, PTR, INT));
  private static final MethodHandle OPEN = libcWithErrno("open", FunctionDescriptor.of(INT, PTR, INT));
  private static final int O_PATH = 010000000;
  private static final int O_DIRECTORY = 0200000;
  private static final int O_CLOEXEC = 02000000;

  /** An IOException from a failed call, with the errno kept for callers that branch on it. */
  public static final class ErrnoException extends IOException {
    private final int errno;

    public ErrnoException(String call, Object target, int errno) {
      super(call + " " + target + ": " + NativeCalls.strerror(errno));
      this.errno = errno;
    }

    public int errno() {
      return errno;
    }
  }

  /** strerror(3)'s text for {@code errno}, or "errno N" when it cannot be had. */
  public static String strerror(int errno) {
    return NativeCalls.strerror(errno);
  }

  public static long makedev(int major, int minor) {
    return ((long) (major & 0xfff) << 8) | (minor & 0xff) | ((long) (minor & ~0xff) << 12) | ((long) (major & ~0xfff) << 32);
  }

  public static void mknod(Path path, int mode, int major, int minor) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      int rc = (int) MKNOD.invokeExact(st, cstr(a, path), mode, makedev(major, minor));
      check(rc, st, "mknod", path);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("mknod " + path, t);
    }
  }

  public static void lsetxattr(Path path, String name, byte[] value) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      MemorySegment v = a.allocate(Math.max(1, value.length));
      MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
      int rc = (int) LSETXATTR.invokeExact(st, cstr(a, path), a.allocateFrom(name), v, (long) value.length, 0);
      check(rc, st, "setxattr " + name, path);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("setxattr " + path, t);
    }
  }

  /** Returns the value, or null when the attribute is absent or xattrs are unsupported. */
  public static byte[] lgetxattr(Path path, String name) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      MemorySegment p = cstr(a, path);
      MemorySegment n = a.allocateFrom(name);
      long size = (long) LGETXATTR.invokeExact(st, p, n, MemorySegment.NULL, 0L);
      if (size < 0) {
        int errno = errno(st);
        if (errno == ENODATA || errno == ENOTSUP) return null;
        throw new ErrnoException("getxattr " + name, path, errno);
      }
      MemorySegment buf = a.allocate(Math.max(1, size));
      long got = (long) LGETXATTR.invokeExact(st, p, n, buf, size);
      if (got < 0) throw new ErrnoException("getxattr " + name, path, errno(st));
      return buf.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("getxattr " + path, t);
    }
  }

  /** Lists xattr names of the path itself (not a symlink's target); empty when unsupported. */
  public static List<String> llistxattr(Path path) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      MemorySegment p = cstr(a, path);
      long size = (long) LLISTXATTR.invokeExact(st, p, MemorySegment.NULL, 0L);
      if (size < 0) {
        int errno = errno(st);
        if (errno == ENOTSUP) return List.of();
        throw new ErrnoException("listxattr", path, errno);
      }
      if (size == 0) return List.of();
      MemorySegment buf = a.allocate(size);
      long got = (long) LLISTXATTR.invokeExact(st, p, buf, size);
      if (got < 0) throw new ErrnoException("listxattr", path, errno(st));
      List<String> names = new ArrayList<>();
      byte[] raw = buf.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE);
      int start = 0;
      for (int i = 0; i < raw.length; i++) {
        if (raw[i] == 0) {
          if (i > start) names.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      return names;
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("listxattr " + path, t);
    }
  }

  /** Sets atime and mtime without following a final symlink. */
  public static void lutimes(Path path, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec)
      throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      MemorySegment times = a.allocate(LONG, 4);
      times.setAtIndex(LONG, 0, atimeSec);
      times.setAtIndex(LONG, 1, atimeNsec);
      times.setAtIndex(LONG, 2, mtimeSec);
      times.setAtIndex(LONG, 3, mtimeNsec);
      int rc = (int) UTIMENSAT.invokeExact(st, AT_FDCWD, cstr(a, path), times, AT_SYMLINK_NOFOLLOW);
      check(rc, st, "utimensat", path);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("utimensat " + path, t);
    }
  }

  /** mount(2). {@code data} is the filesystem option string, at most one page long. */
  public static void mount(String source, Path target, String fstype, long flags, String data) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      MemorySegment type = fstype == null ? MemorySegment.NULL : a.allocateFrom(fstype);
      MemorySegment options = data == null ? MemorySegment.NULL : a.allocateFrom(data);
      int rc = (int) MOUNT.invokeExact(st, a.allocateFrom(source), cstr(a, target), type, flags, options);
      check(rc, st, "mount " + fstype, target);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("mount " + target, t);
    }
  }

  public static void umount(Path target, int flags) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      int rc = (int) UMOUNT2.invokeExact(st, cstr(a, target), flags);
      check(rc, st, "umount", target);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("umount " + target, t);
    }
  }

  /**
   * Opens a directory as an {@code O_PATH} descriptor (close it with {@link MountApi#close}), so a path
   * under it can be named {@code /proc/self/fd/<fd>/name}: short enough for a unix socket address however
   * deep the directory is.
   */
  public static int openDirectoryPath(Path dir) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      return check((int) OPEN.invokeExact(st, cstr(a, dir), O_PATH | O_DIRECTORY | O_CLOEXEC), st, "open", dir);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("open " + dir, t);
    }
  }

  private static MemorySegment cstr(Arena a, Path path) {
    return a.allocateFrom(path.toString());
  }
}
