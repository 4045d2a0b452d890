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
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Linux namespaces for the calling thread (unshare, setns) and the one network-device call Berth makes itself:
 * setting an interface up with {@code SIOCSIFFLAGS}, which is an ioctl on an ordinary socket rather than netlink
 * and costs microseconds where {@code ip link set lo up} costs an exec.
 *
 * <p>Every call here acts on the <em>calling thread</em> only (a network namespace is per thread in Linux): call
 * them on a platform thread that is discarded afterwards, never on a virtual thread or a pooled carrier.
 */
public final class Namespaces {
  private Namespaces() {}

  public static final int CLONE_NEWNET = 0x40000000;
  public static final long MS_BIND = 4096;
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 02000000;
  private static final int AF_INET = 2;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 02000000;
  private static final long SIOCGIFFLAGS = 0x8913;
  private static final long SIOCSIFFLAGS = 0x8914;
  private static final short IFF_UP = 0x1;
  private static final int IFNAMSIZ = 16;
  private static final long IFREQ_SIZE = 40; // struct ifreq: char ifr_name[16] + a 24-byte union (ifr_flags first)


  private static final MethodHandle UNSHARE = libcWithErrno("unshare", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle SETNS = libcWithErrno("setns", FunctionDescriptor.of(INT, INT, INT));
  private static final MethodHandle OPEN = libcWithErrno("open", FunctionDescriptor.of(INT, PTR, INT));
  private static final MethodHandle SOCKET = libcWithErrno("socket", FunctionDescriptor.of(INT, INT, INT, INT));
  private static final MethodHandle IOCTL =
      libcWithErrno("ioctl", FunctionDescriptor.of(INT, INT, LONG, PTR), Linker.Option.firstVariadicArg(2));

  /** unshare(2): moves the calling thread into new namespaces of the kinds in {@code flags} (CLONE_NEW*). */
  public static void unshare(int flags) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      int rc = (int) UNSHARE.invokeExact(st, flags);
      if (rc != 0) throw new Libc.ErrnoException("unshare", "flags 0x" + Integer.toHexString(flags), errno(st));
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("unshare", t);
    }
  }

  /** setns(2): moves the calling thread into the namespace {@code nsFd} refers to; {@code nsType} checks its kind. */
  public static void setns(int nsFd, int nsType, Object what) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      int rc = (int) SETNS.invokeExact(st, nsFd, nsType);
      check(rc, st, "setns", what);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("setns " + what, t);
    }
  }

  /** Opens a namespace file (a bind mount of one, or {@code /proc/…/ns/net}) read-only; close with {@link MountApi#close}. */
  public static int open(Path nsFile) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      int fd = (int) OPEN.invokeExact(st, a.allocateFrom(nsFile.toString()), O_RDONLY | O_CLOEXEC);
      return check(fd, st, "open", nsFile);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("open " + nsFile, t);
    }
  }

  /**
   * Sets the interface {@code name} of the calling thread's network namespace up (IFF_UP), keeping its other
   * flags: SIOCGIFFLAGS then SIOCSIFFLAGS on a datagram socket opened for the purpose.
   */
  public static void interfaceUp(String name) throws IOException {
    byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
    if (raw.length == 0 || raw.length >= IFNAMSIZ) throw new IOException("invalid interface name '" + name + "'");
    int fd = -1;
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      fd = (int) SOCKET.invokeExact(st, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      check(fd, st, "socket", "AF_INET");
      MemorySegment ifreq = a.allocate(IFREQ_SIZE, 8);
      MemorySegment.copy(raw, 0, ifreq, ValueLayout.JAVA_BYTE, 0, raw.length);
      ioctl(st, fd, SIOCGIFFLAGS, ifreq, "SIOCGIFFLAGS", name);
      short flags = ifreq.get(ValueLayout.JAVA_SHORT, IFNAMSIZ);
      if ((flags & IFF_UP) != 0) return;
      ifreq.set(ValueLayout.JAVA_SHORT, IFNAMSIZ, (short) (flags | IFF_UP));
      ioctl(st, fd, SIOCSIFFLAGS, ifreq, "SIOCSIFFLAGS", name);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("set " + name + " up", t);
    } finally {
      MountApi.close(fd);
    }
  }

  private static void ioctl(MemorySegment st, int fd, long request, MemorySegment arg, String call, String name)
      throws Throwable {
    int rc = (int) IOCTL.invokeExact(st, fd, request, arg);
    if (rc != 0) throw new Libc.ErrnoException("ioctl " + call, name, errno(st));
  }
}
