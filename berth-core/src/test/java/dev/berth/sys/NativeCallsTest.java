package dev.berth.sys;

import static dev.berth.sys.NativeCalls.INT;
import static dev.berth.sys.NativeCalls.LONG;
import static dev.berth.sys.NativeCalls.PTR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeCallsTest {
  private static final int O_RDONLY = 0;
  private static final int ENOENT = 2;
  private static final int EBADF = 9;
  private static final MethodHandle OPEN = NativeCalls.libcWithErrno("open", FunctionDescriptor.of(INT, PTR, INT));
  private static final MethodHandle READ =
      NativeCalls.libcWithErrno("read", FunctionDescriptor.of(LONG, INT, PTR, LONG));
  private static final MethodHandle CLOSE = NativeCalls.libc("close", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle GETPID = NativeCalls.libc("getpid", FunctionDescriptor.of(INT));

  @TempDir Path dir;

  @Test
  void libcWithErrno_openOfAMissingPath_capturesEnoent() throws Throwable {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = NativeCalls.errnoState(a);
      int fd = (int) OPEN.invokeExact(st, a.allocateFrom(dir.resolve("missing").toString()), O_RDONLY);
      assertThat(fd).isEqualTo(-1);
      assertThat(NativeCalls.errno(st)).isEqualTo(ENOENT);
    }
  }

  @Test
  void check_failedOpen_throwsErrnoExceptionWithCallPathAndStrerrorText() throws Throwable {
    Path missing = dir.resolve("missing");
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = NativeCalls.errnoState(a);
      int fd = (int) OPEN.invokeExact(st, a.allocateFrom(missing.toString()), O_RDONLY);
      assertThatThrownBy(() -> NativeCalls.check(fd, st, "open", missing))
          .isInstanceOfSatisfying(Libc.ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(ENOENT))
          .hasMessage("open " + missing + ": No such file or directory");
    }
  }

  @Test
  void check_successfulOpen_returnsTheDescriptor() throws Throwable {
    Path file = Files.writeString(dir.resolve("file"), "abc");
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = NativeCalls.errnoState(a);
      int fd = NativeCalls.check(
          (int) OPEN.invokeExact(st, a.allocateFrom(file.toString()), O_RDONLY), st, "open", file);
      MemorySegment buf = a.allocate(8);
      long n = NativeCalls.check((long) READ.invokeExact(st, fd, buf, 8L), st, "read", file);
      int closed = (int) CLOSE.invokeExact(fd);
      assertThat(fd).isNotNegative();
      assertThat(n).isEqualTo(3);
      assertThat(buf.getString(0)).isEqualTo("abc");
      assertThat(closed).isZero();
    }
  }

  @Test
  void check_readOfABadDescriptor_throwsWithEbadf() throws Throwable {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = NativeCalls.errnoState(a);
      long n = (long) READ.invokeExact(st, -1, a.allocate(8), 8L);
      assertThatThrownBy(() -> NativeCalls.check(n, st, "read", "fd -1"))
          .isInstanceOfSatisfying(Libc.ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(EBADF))
          .hasMessage("read fd -1: Bad file descriptor");
    }
  }

  @Test
  void libc_callWithoutCapture_returnsItsValue() throws Throwable {
    int pid = (int) GETPID.invokeExact();
    assertThat((long) pid).isEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void downcall_inANamedLibrary_callsItsFunction() throws Throwable {
    MethodHandle strlen =
        NativeCalls.downcall(NativeCalls.library("libc.so.6"), "strlen", FunctionDescriptor.of(LONG, PTR));
    try (Arena a = Arena.ofConfined()) {
      long length = (long) strlen.invokeExact(a.allocateFrom("berth"));
      assertThat(length).isEqualTo(5);
    }
  }

  @Test
  void downcall_missingSymbol_throwsNamingIt() {
    assertThatThrownBy(() -> NativeCalls.libc("no_such_function_in_libc", FunctionDescriptor.ofVoid()))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("no_such_function_in_libc");
  }

  @Test
  void library_missing_throwsIllegalArgument() {
    assertThatThrownBy(() -> NativeCalls.library("libberth-no-such-library.so.9"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void strerror_knownErrno_givesTheCText() {
    assertThat(NativeCalls.strerror(ENOENT)).isEqualTo("No such file or directory");
    assertThat(Libc.strerror(EBADF)).isEqualTo("Bad file descriptor");
  }
}
