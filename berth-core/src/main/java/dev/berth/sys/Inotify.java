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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One Linux inotify instance, through the foreign function API: watches on directories and a blocking read of
 * their events. The JDK's WatchService wraps the same kernel interface but hands each event through a poller
 * thread and a queue before a caller sees it; reading the descriptor directly takes the event to the reader
 * in one wake-up, which matters on a container's start and exit paths.
 *
 * <p>One thread reads ({@link #read}); any thread may add or remove watches, and {@link #close} wakes a read in
 * progress (through an eventfd it polls beside the inotify descriptor), so the reading thread is never left
 * blocked on a closed descriptor. Every failed call becomes an {@link Libc.ErrnoException} naming it.
 */
public final class Inotify implements AutoCloseable {
  /** A file was modified (a write). */
  public static final int IN_MODIFY = 0x2;
  /** A file opened for writing was closed. */
  public static final int IN_CLOSE_WRITE = 0x8;
  /** A file was renamed into the directory (an atomic replacement's last step). */
  public static final int IN_MOVED_TO = 0x80;
  /** A file was created in the directory. */
  public static final int IN_CREATE = 0x100;
  /** The kernel's event queue overflowed: events were lost, the reader must look for itself. */
  public static final int IN_Q_OVERFLOW = 0x4000;
  /** The watch is gone (removed, or its directory deleted). */
  public static final int IN_IGNORED = 0x8000;
  /** Add to an existing watch's mask instead of replacing it. */
  public static final int IN_MASK_ADD = 0x20000000;

  private static final int IN_NONBLOCK = 04000;
  private static final int IN_CLOEXEC = 02000000;
  private static final int EFD_NONBLOCK = 04000;
  private static final int EFD_CLOEXEC = 02000000;
  private static final short POLLIN = 0x1;
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;
  private static final int EVENT_HEADER = 16; // int wd, uint32 mask, uint32 cookie, uint32 len
  private static final int BUFFER = 64 * 1024;

  private static final MethodHandle INIT1 = libcWithErrno("inotify_init1", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle ADD_WATCH =
      libcWithErrno("inotify_add_watch", FunctionDescriptor.of(INT, INT, PTR, INT));
  private static final MethodHandle RM_WATCH = libcWithErrno("inotify_rm_watch", FunctionDescriptor.of(INT, INT, INT));
  private static final MethodHandle EVENTFD = libcWithErrno("eventfd", FunctionDescriptor.of(INT, INT, INT));
  private static final MethodHandle POLL = libcWithErrno("poll", FunctionDescriptor.of(INT, PTR, LONG, INT));
  private static final MethodHandle READ = libcWithErrno("read", FunctionDescriptor.of(LONG, INT, PTR, LONG));
  private static final MethodHandle WRITE = libcWithErrno("write", FunctionDescriptor.of(LONG, INT, PTR, LONG));
  private static final MethodHandle CLOSE = libcWithErrno("close", FunctionDescriptor.of(INT, INT));

  /**
   * One event: the watch it came from, the kernel's mask bits, and the name of the file in the watched
   * directory ({@code null} for an event on the directory itself or an overflow).
   */
  public record Event(int wd, int mask, String name) {
    /** Whether events were lost before this one (the queue overflowed). */
    public boolean overflow() {
      return (mask & IN_Q_OVERFLOW) != 0;
    }

    /** Whether the watch ended (removed by the caller, or its directory deleted). */
    public boolean watchGone() {
      return (mask & IN_IGNORED) != 0;
    }
  }

  private final int fd;
  private final int wakeFd;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment buffer = arena.allocate(BUFFER, 8);
  private final MemorySegment pollFds = arena.allocate(16, 8); // two struct pollfd { int fd; short events, revents; }
  private boolean reading;
  private boolean closed;

  private Inotify(int fd, int wakeFd) {
    this.fd = fd;
    this.wakeFd = wakeFd;
  }

  /** A new inotify instance; fails where the kernel or the process's limits give none. */
  public static Inotify open() throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      int fd = (int) INIT1.invokeExact(st, IN_NONBLOCK | IN_CLOEXEC);
      if (fd < 0) {
        throw new Libc.ErrnoException("inotify_init1", "(new instance)", errno(st));
      }
      int wake = (int) EVENTFD.invokeExact(st, 0, EFD_NONBLOCK | EFD_CLOEXEC);
      if (wake < 0) {
        int errno = errno(st);
        int ignored = (int) CLOSE.invokeExact(st, fd);
        throw new Libc.ErrnoException("eventfd", "(inotify wake-up)", errno);
      }
      return new Inotify(fd, wake);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("inotify_init1: " + t.getMessage(), t);
    }
  }

  /** Watches {@code dir} for the events in {@code mask}; returns the watch descriptor events carry. */
  public int addWatch(Path dir, int mask) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      int wd = (int) ADD_WATCH.invokeExact(st, fd, a.allocateFrom(dir.toString()), mask);
      return check(wd, st, "inotify_add_watch", dir);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("inotify_add_watch " + dir + ": " + t.getMessage(), t);
    }
  }

  /** Ends a watch; one that is already gone (its directory deleted) is not an error. */
  public void removeWatch(int wd) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      int rc = (int) RM_WATCH.invokeExact(st, fd, wd);
    } catch (Throwable t) {
      // EINVAL for a watch the kernel already dropped: nothing to undo
    }
  }

  /**
   * Waits up to {@code timeout} (null: without limit) for events and returns them, in the kernel's order;
   * empty when the time ran out.
   *
   * @throws java.nio.channels.ClosedChannelException when this instance is (or gets) closed
   */
  public List<Event> read(Duration timeout) throws IOException {
    synchronized (this) {
      if (closed) {
        throw new java.nio.channels.ClosedChannelException();
      }
      reading = true;
    }
    try {
      int ms = timeout == null ? -1 : (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis()));
      return pollAndRead(ms);
    } finally {
      boolean release;
      synchronized (this) {
        reading = false;
        release = closed;
      }
      if (release) {
        closeDescriptors();
      }
    }
  }

  private List<Event> pollAndRead(int ms) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      long deadline = System.nanoTime() + ms * 1_000_000L;
      while (true) {
        pollFds.set(INT, 0, fd);
        pollFds.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
        pollFds.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        pollFds.set(INT, 8, wakeFd);
        pollFds.set(ValueLayout.JAVA_SHORT, 12, POLLIN);
        pollFds.set(ValueLayout.JAVA_SHORT, 14, (short) 0);
        int wait = ms < 0 ? -1 : (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
        int n = (int) POLL.invokeExact(st, pollFds, 2L, wait);
        if (n < 0) {
          if (errno(st) == EINTR) continue;
          throw new Libc.ErrnoException("poll", "inotify", errno(st));
        }
        synchronized (this) {
          if (closed) throw new java.nio.channels.ClosedChannelException();
        }
        if (n == 0) {
          return List.of();
        }
        long got = (long) READ.invokeExact(st, fd, buffer, (long) BUFFER);
        if (got < 0) {
          int errno = errno(st);
          if (errno == EAGAIN || errno == EINTR) continue;
          throw new Libc.ErrnoException("read", "inotify", errno);
        }
        return parse(buffer, got);
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("inotify read: " + t.getMessage(), t);
    }
  }

  /** The events in the first {@code length} bytes: each a 16-byte header and a NUL-padded name. */
  static List<Event> parse(MemorySegment buf, long length) {
    List<Event> events = new ArrayList<>();
    long off = 0;
    while (off + EVENT_HEADER <= length) {
      int wd = buf.get(INT, off);
      int mask = buf.get(INT, off + 4);
      int len = buf.get(INT, off + 12);
      String name = null;
      if (len > 0) {
        byte[] raw = buf.asSlice(off + EVENT_HEADER, len).toArray(ValueLayout.JAVA_BYTE);
        int end = 0;
        while (end < raw.length && raw[end] != 0) end++;
        name = new String(raw, 0, end, StandardCharsets.UTF_8);
      }
      events.add(new Event(wd, mask, name));
      off += EVENT_HEADER + len;
    }
    return events;
  }

  /** Closes the instance; a read in progress on another thread wakes and throws ClosedChannelException. */
  @Override
  public void close() {
    boolean now;
    synchronized (this) {
      if (closed) return;
      closed = true;
      now = !reading;
    }
    if (now) {
      closeDescriptors();
    } else {
      wake();
    }
  }

  private void wake() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      MemorySegment one = a.allocate(LONG);
      one.set(LONG, 0, 1L);
      long rc = (long) WRITE.invokeExact(st, wakeFd, one, 8L);
    } catch (Throwable t) {
      // the reader still ends at its next event or timeout
    }
  }

  private void closeDescriptors() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = errnoState(a);
      int rc1 = (int) CLOSE.invokeExact(st, fd);
      int rc2 = (int) CLOSE.invokeExact(st, wakeFd);
    } catch (Throwable t) {
      // nothing left to do with them
    }
    arena.close();
  }
}
