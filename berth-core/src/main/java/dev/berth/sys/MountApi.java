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

/**
 * The new Linux mount API (fsopen, fsconfig, fsmount, move_mount, open_tree, mount_setattr; Linux 5.2+, glibc
 * 2.36 wrappers). It exists here because mount(2) takes all filesystem options as one string of at most a page,
 * which a deep overlay stack (128 lower directories) overflows; fsconfig takes one {@code lowerdir+} option per
 * layer instead (Linux 6.8+).
 *
 * <p>File descriptors returned here are close-on-exec and must be released with {@link #close}. Failures are
 * {@link Libc.ErrnoException}s that carry the kernel's own explanation from the filesystem context's log when
 * there is one (for example "overlay: failed to resolve '/x': -2").
 */
public final class MountApi {
  private MountApi() {}

  public static final int MOUNT_ATTR_RDONLY = 0x1;
  public static final int MOUNT_ATTR_NOSUID = 0x2;
  public static final int MOUNT_ATTR_NODEV = 0x4;
  private static final int FSOPEN_CLOEXEC = 0x1;
  private static final int FSMOUNT_CLOEXEC = 0x1;
  private static final int FSCONFIG_SET_FLAG = 0;
  private static final int FSCONFIG_SET_STRING = 1;
  private static final int FSCONFIG_CMD_CREATE = 6;
  private static final int MOVE_MOUNT_F_EMPTY_PATH = 0x4;
  private static final int OPEN_TREE_CLONE = 0x1;
  private static final int O_CLOEXEC = 02000000;
  private static final int AT_RECURSIVE = 0x8000;
  private static final int AT_EMPTY_PATH = 0x1000;
  private static final long MOUNT_ATTR_SIZE = 32; // struct mount_attr: attr_set, attr_clr, propagation, userns_fd


  private static final MethodHandle FSOPEN = libcWithErrno("fsopen", FunctionDescriptor.of(INT, PTR, INT));
  private static final MethodHandle FSCONFIG =
      libcWithErrno("fsconfig", FunctionDescriptor.of(INT, INT, INT, PTR, PTR, INT));
  private static final MethodHandle FSMOUNT = libcWithErrno("fsmount", FunctionDescriptor.of(INT, INT, INT, INT));
  private static final MethodHandle MOVE_MOUNT =
      libcWithErrno("move_mount", FunctionDescriptor.of(INT, INT, PTR, INT, PTR, INT));
  private static final MethodHandle OPEN_TREE = libcWithErrno("open_tree", FunctionDescriptor.of(INT, INT, PTR, INT));
  private static final MethodHandle MOUNT_SETATTR =
      libcWithErrno("mount_setattr", FunctionDescriptor.of(INT, INT, PTR, INT, PTR, LONG));
  private static final MethodHandle CLOSE = libcWithErrno("close", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle READ = libcWithErrno("read", FunctionDescriptor.of(LONG, INT, PTR, LONG));

  /** Opens a filesystem context for {@code fsType} ("overlay"); configure it, then {@link #create} it. */
  public static int fsopen(String fsType) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      return check((int) FSOPEN.invokeExact(st, a.allocateFrom(fsType), FSOPEN_CLOEXEC), st, "fsopen", fsType);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("fsopen " + fsType, t);
    }
  }

  /** Sets one string option ({@code key=value}) on a filesystem context. */
  public static void setString(int fsFd, String key, String value) throws IOException {
    fsconfig(fsFd, FSCONFIG_SET_STRING, key, value, key + "=" + value);
  }

  /** Sets one flag option (for example "ro") on a filesystem context. */
  public static void setFlag(int fsFd, String key) throws IOException {
    fsconfig(fsFd, FSCONFIG_SET_FLAG, key, null, key);
  }

  /** Creates the superblock from the configured context; errors carry the kernel's log. */
  public static void create(int fsFd) throws IOException {
    fsconfig(fsFd, FSCONFIG_CMD_CREATE, null, null, "create");
  }

  private static void fsconfig(int fd, int cmd, String key, String value, String what) throws IOException {
    int errno;
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      MemorySegment k = key == null ? MemorySegment.NULL : a.allocateFrom(key);
      MemorySegment v = value == null ? MemorySegment.NULL : a.allocateFrom(value);
      int rc = (int) FSCONFIG.invokeExact(st, fd, cmd, k, v, 0);
      if (rc == 0) return;
      errno = errno(st);
    } catch (Throwable t) {
      throw new IOException("fsconfig " + what, t);
    }
    String log = kernelLog(fd);
    throw new Libc.ErrnoException("fsconfig", log.isEmpty() ? what : what + " (" + log + ")", errno);
  }

  /** Turns a created context into a detached mount with {@code attrFlags} (MOUNT_ATTR_*); returns its fd. */
  public static int fsmount(int fsFd, int attrFlags) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      int fd = (int) FSMOUNT.invokeExact(st, fsFd, FSMOUNT_CLOEXEC, attrFlags);
      if (fd < 0) throw new Libc.ErrnoException("fsmount", "fd " + fsFd, errno(st));
      return fd;
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("fsmount", t);
    }
  }

  /** Attaches a detached mount (from fsmount or open_tree) at {@code target}. */
  public static void moveMount(int mountFd, Path target) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      int rc = (int) MOVE_MOUNT.invokeExact(st, mountFd, a.allocateFrom(""), Libc.AT_FDCWD,
          a.allocateFrom(target.toString()), MOVE_MOUNT_F_EMPTY_PATH);
      check(rc, st, "move_mount", target);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("move_mount " + target, t);
    }
  }

  /** Clones the mount tree at {@code source} (a bind mount, recursive if asked), detached; returns its fd. */
  public static int openTreeClone(Path source, boolean recursive) throws IOException {
    int flags = OPEN_TREE_CLONE | O_CLOEXEC | (recursive ? AT_RECURSIVE : 0);
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      int fd = (int) OPEN_TREE.invokeExact(st, Libc.AT_FDCWD, a.allocateFrom(source.toString()), flags);
      return check(fd, st, "open_tree", source);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("open_tree " + source, t);
    }
  }

  /** Sets mount attributes (MOUNT_ATTR_*) on a detached mount, on its whole tree if {@code recursive}. */
  public static void setAttributes(int mountFd, int attrSet, boolean recursive) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      MemorySegment attr = a.allocate(MOUNT_ATTR_SIZE, 8);
      attr.set(LONG, 0, attrSet);
      int flags = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
      int rc = (int) MOUNT_SETATTR.invokeExact(st, mountFd, a.allocateFrom(""), flags, attr, MOUNT_ATTR_SIZE);
      if (rc != 0) throw new Libc.ErrnoException("mount_setattr", "fd " + mountFd, errno(st));
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("mount_setattr", t);
    }
  }

  /** Closes a descriptor from this class; never fails (a close error on these fds loses nothing). */
  public static void close(int fd) {
    if (fd < 0) return;
    try (Arena a = Arena.ofConfined()) {
      int ignored = (int) CLOSE.invokeExact(errnoState(a), fd);
    } catch (Throwable ignored) {
      // nothing to do: the descriptor is gone either way
    }
  }

  /** Reads the messages the kernel queued on a filesystem context ("e overlay: …"), joined by "; ". */
  private static String kernelLog(int fsFd) {
    StringBuilder out = new StringBuilder();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      MemorySegment buf = a.allocate(1024);
      for (int i = 0; i < 16; i++) {
        long n = (long) READ.invokeExact(st, fsFd, buf, 1024L);
        if (n <= 0) break;
        String line = new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8).strip();
        if (line.length() > 2 && line.charAt(1) == ' ') line = line.substring(2);
        if (!out.isEmpty()) out.append("; ");
        out.append(line);
      }
    } catch (Throwable ignored) {
      // the log is a courtesy; the errno still tells what failed
    }
    return out.toString();
  }
}
