package dev.berth.sys;

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

/**
 * {@code kill(2)} for any signal. The JDK's ProcessHandle sends only SIGTERM and SIGKILL, yet a terminal's
 * relay must learn of a resize by SIGWINCH.
 */
public final class Signals {
  public static final int SIGKILL = 9;
  public static final int SIGTERM = 15;
  public static final int SIGWINCH = 28;
  private static final int ESRCH = 3;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final MethodHandle KILL = LINKER.downcallHandle(
      LINKER.defaultLookup().find("kill").orElseThrow(),
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
      Linker.Option.captureCallState("errno"));

  private Signals() {}

  /** Sends {@code signal} to process {@code pid}; false when no such process exists (any more). */
  public static boolean send(long pid, int signal) throws IOException {
    if (pid <= 0) {
      throw new IllegalArgumentException("kill: refusing pid " + pid + " (a group or every process)");
    }
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int rc = (int) KILL.invokeExact(st, (int) pid, signal);
      if (rc == 0) {
        return true;
      }
      int errno = (int) ERRNO.get(st, 0L);
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
