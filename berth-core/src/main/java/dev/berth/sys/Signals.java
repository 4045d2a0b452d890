package dev.berth.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * {@code kill(2)} for any signal. The JDK's ProcessHandle sends only SIGTERM and SIGKILL, yet a terminal's
 * relay must learn of a resize by SIGWINCH.
 */
public final class Signals {
  public static final int SIGKILL = 9;
  public static final int SIGTERM = 15;
  public static final int SIGWINCH = 28;
  private static final int ESRCH = 3;

  private static final MethodHandle KILL =
      NativeCalls.libcWithErrno("kill", FunctionDescriptor.of(NativeCalls.INT, NativeCalls.INT, NativeCalls.INT));

  private Signals() {}

  /** Sends {@code signal} to process {@code pid}; false when no such process exists (any more). */
  public static boolean send(long pid, int signal) throws IOException {
    if (pid <= 0) {
      throw new IllegalArgumentException("kill: refusing pid " + pid + " (a group or every process)");
    }
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = NativeCalls.errnoState(a);
      int rc = (int) KILL.invokeExact(st, (int) pid, signal);
      if (rc == 0) {
        return true;
      }
      int errno = NativeCalls.errno(st);
      if (errno == ESRCH) {
        return false;
      }
      throw new Libc.ErrnoException("kill -" + signal, "pid " + pid, errno);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("kill -" + signal + " " + pid, t);
    }
  }
}
