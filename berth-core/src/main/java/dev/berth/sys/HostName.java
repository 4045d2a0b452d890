package dev.berth.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * The kernel's host name of the caller's UTS namespace: {@code sethostname(2)} and {@code gethostname(2)}. Java has
 * no call that sets it, and reading it through {@code InetAddress} goes through name resolution; these go straight
 * to the kernel.
 */
public final class HostName {
  /** The kernel's limit ({@code HOST_NAME_MAX}). */
  public static final int MAX_LENGTH = 64;

  private static final FunctionDescriptor NAME_AND_LENGTH =
      FunctionDescriptor.of(NativeCalls.INT, NativeCalls.PTR, NativeCalls.LONG);
  private static final MethodHandle SETHOSTNAME = NativeCalls.libcWithErrno("sethostname", NAME_AND_LENGTH);
  private static final MethodHandle GETHOSTNAME = NativeCalls.libcWithErrno("gethostname", NAME_AND_LENGTH);

  private HostName() {}

  /** Sets the host name; an IOException names the name and strerror's text ("Operation not permitted"). */
  public static void set(String name) throws IOException {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = NativeCalls.errnoState(a);
      MemorySegment buf = a.allocate(Math.max(1, bytes.length));
      MemorySegment.copy(bytes, 0, buf, ValueLayout.JAVA_BYTE, 0, bytes.length);
      int rc = (int) SETHOSTNAME.invokeExact(st, buf, (long) bytes.length);
      NativeCalls.check(rc, st, "sethostname", name);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("sethostname " + name, t);
    }
  }

  /** The current host name. */
  public static String get() throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = NativeCalls.errnoState(a);
      MemorySegment buf = a.allocate(MAX_LENGTH + 1);
      int rc = (int) GETHOSTNAME.invokeExact(st, buf, (long) MAX_LENGTH + 1);
      NativeCalls.check(rc, st, "gethostname", "");
      return buf.getString(0);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("gethostname", t);
    }
  }

  /**
   * Whether {@code name} is a host name the kernel and resolvers accept: 1 to 64 characters, labels of letters,
   * digits and hyphens separated by dots, no label starting or ending with a hyphen. Returns the problem, or null.
   */
  public static String problem(String name) {
    if (name.isEmpty()) return "it is empty";
    if (name.length() > MAX_LENGTH) return "it is longer than " + MAX_LENGTH + " characters";
    for (String label : name.split("\\.", -1)) {
      if (label.isEmpty()) return "it has an empty label";
      if (!label.matches("[A-Za-z0-9-]+")) return "\"" + label + "\" has characters other than letters, digits and '-'";
      if (label.startsWith("-") || label.endsWith("-")) return "\"" + label + "\" starts or ends with '-'";
    }
    return null;
  }
}
