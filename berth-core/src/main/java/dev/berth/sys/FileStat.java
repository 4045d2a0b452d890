package dev.berth.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * What lstat(2) says of a path that java.nio does not: the blocks actually allocated ({@code st_blocks}), which
 * disk-usage accounting needs because sparse and tiny files differ from their byte size.
 *
 * @param dev device id, with {@code ino} the identity of the inode (hard links share it)
 * @param ino inode number
 * @param nlink number of hard links
 * @param mode file type and permission bits
 * @param size length in bytes
 * @param blocks 512-byte blocks allocated
 */
public record FileStat(long dev, long ino, long nlink, int mode, long size, long blocks) {
  private static final int OFF_DEV = 0;
  private static final int OFF_INO = 8;
  private static final int OFF_NLINK = 16;
  private static final int OFF_MODE = 24;
  private static final int OFF_SIZE = 48;
  private static final int OFF_BLOCKS = 64;
  private static final long STRUCT_STAT_SIZE = 144; // x86_64 struct stat

  private static final MethodHandle FSTATAT = NativeCalls.libcWithErrno("fstatat",
      FunctionDescriptor.of(NativeCalls.INT, NativeCalls.INT, NativeCalls.PTR, NativeCalls.PTR, NativeCalls.INT));

  /** Bytes allocated on disk: {@code st_blocks * 512}, as du(1) counts them. */
  public long diskBytes() {
    return blocks * 512;
  }

  /** Stats {@code path} without following a final symlink. */
  public static FileStat lstat(Path path) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = NativeCalls.errnoState(a);
      MemorySegment buf = a.allocate(STRUCT_STAT_SIZE, 8);
      int rc = (int) FSTATAT.invokeExact(st, Libc.AT_FDCWD, a.allocateFrom(path.toString()), buf,
          Libc.AT_SYMLINK_NOFOLLOW);
      NativeCalls.check(rc, st, "lstat", path);
      return new FileStat(buf.get(ValueLayout.JAVA_LONG, OFF_DEV), buf.get(ValueLayout.JAVA_LONG, OFF_INO),
          buf.get(ValueLayout.JAVA_LONG, OFF_NLINK), buf.get(ValueLayout.JAVA_INT, OFF_MODE),
          buf.get(ValueLayout.JAVA_LONG, OFF_SIZE), buf.get(ValueLayout.JAVA_LONG, OFF_BLOCKS));
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("lstat " + path, t);
    }
  }
}
