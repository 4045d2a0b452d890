package dev.berth.sys;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The one place where Berth links C functions through the JDK's foreign function API: the native linker, the
 * lookup of libc (and of other libraries by name), downcall handles with or without errno capture, the segment
 * that receives errno, and reading it back.
 *
 * <p>To add a libc call, keep its handle in a {@code static final} field of the class that uses it (the JIT then
 * treats the handle as a constant) and pass a state segment as its first argument:
 *
 * <pre>{@code
 * private static final MethodHandle RMDIR = NativeCalls.libcWithErrno("rmdir", FunctionDescriptor.of(INT, PTR));
 *
 * try (Arena a = Arena.ofConfined()) {
 *   MemorySegment st = NativeCalls.errnoState(a);
 *   NativeCalls.check((int) RMDIR.invokeExact(st, a.allocateFrom(dir.toString())), st, "rmdir", dir);
 * }
 * }</pre>
 *
 * A call that cannot fail, or whose errno nobody reads, is linked with {@link #libc} and takes no state segment.
 * A failure becomes a {@link Libc.ErrnoException} whose text is "call target: strerror's text".
 */
public final class NativeCalls {
  /** C's {@code int}. */
  public static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  /** C's {@code long}, {@code size_t} and {@code ssize_t} on 64-bit Linux. */
  public static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
  /** A C pointer. */
  public static final AddressLayout PTR = ValueLayout.ADDRESS;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

  private NativeCalls() {}

  /** Strings from strerror(3), linked on the first failure only. */
  private static final class Strerror {
    static final MethodHandle STRERROR = libc("strerror", FunctionDescriptor.of(PTR, INT));
  }

  /** A libc function whose errno is not read; the handle takes exactly the descriptor's arguments. */
  public static MethodHandle libc(String name, FunctionDescriptor descriptor, Linker.Option... options) {
    return downcall(LIBC, name, descriptor, options);
  }

  /**
   * A libc function whose errno is kept: the handle takes a segment from {@link #errnoState} before the
   * descriptor's arguments, and {@link #errno} reads what the call left in it.
   */
  public static MethodHandle libcWithErrno(String name, FunctionDescriptor descriptor, Linker.Option... options) {
    Linker.Option[] all = Arrays.copyOf(options, options.length + 1);
    all[options.length] = CAPTURE_ERRNO;
    return downcall(LIBC, name, descriptor, all);
  }

  /**
   * A function of {@code library} (from {@link #library}, or libc's lookup).
   *
   * @throws java.util.NoSuchElementException when the library has no such symbol
   */
  public static MethodHandle downcall(SymbolLookup library, String name, FunctionDescriptor descriptor,
      Linker.Option... options) {
    return LINKER.downcallHandle(library.findOrThrow(name), descriptor, options);
  }

  /**
   * The shared library {@code soname} (for example "libcrypto.so.3"), loaded for the life of the process.
   *
   * @throws IllegalArgumentException when the dynamic loader cannot find or load it
   */
  public static SymbolLookup library(String soname) {
    return SymbolLookup.libraryLookup(soname, Arena.global());
  }

  /** A segment for a {@link #libcWithErrno} handle to leave errno in, from {@code allocator}. */
  public static MemorySegment errnoState(SegmentAllocator allocator) {
    return allocator.allocate(CAPTURE);
  }

  /** The errno that the last call given {@code state} left there. */
  public static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  /**
   * Returns {@code result} when it is not negative (success, for calls that return -1 on failure); else throws
   * an {@link Libc.ErrnoException} "{@code call target}: strerror's text" with the errno found in {@code state}.
   */
  public static int check(int result, MemorySegment state, String call, Object target) throws Libc.ErrnoException {
    if (result < 0) throw new Libc.ErrnoException(call, target, errno(state));
    return result;
  }

  /** As {@link #check(int, MemorySegment, String, Object)}, for calls that return a size ({@code ssize_t}). */
  public static long check(long result, MemorySegment state, String call, Object target) throws Libc.ErrnoException {
    if (result < 0) throw new Libc.ErrnoException(call, target, errno(state));
    return result;
  }

  /** strerror(3)'s text for {@code errno} ("No such file or directory"), or "errno N" when it cannot be had. */
  public static String strerror(int errno) {
    try {
      MemorySegment s = (MemorySegment) Strerror.STRERROR.invokeExact(errno);
      return s.reinterpret(1024).getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }
}
