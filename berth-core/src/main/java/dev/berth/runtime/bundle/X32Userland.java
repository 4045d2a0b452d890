package dev.berth.runtime.bundle;

import dev.berth.runtime.specgen.RootfsPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a root filesystem holds an x32 userland (x86-64 code with 32-bit pointers), so that its container's
 * seccomp filter must cover the x32 system call ABI, as {@link I386Userland} does for i386. The sign is the x32
 * dynamic loader {@code /libx32/ld-linux-x32.so.2}, read inside the rootfs as the container sees it. Without it
 * an x32 system call is outside the filter and kills the process (SIGSYS); x32 programs are rare, and most
 * kernels run them only when booted with {@code syscall.x32=y}.
 */
final class X32Userland {
  private X32Userland() {}

  static final String LOADER = "/libx32/ld-linux-x32.so.2";

  static boolean present(Path rootfs) {
    try {
      return Files.exists(RootfsPath.resolve(rootfs, LOADER));
    } catch (IOException e) {
      return false;
    }
  }
}
