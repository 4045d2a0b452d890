package dev.berth.runtime.bundle;

import dev.berth.runtime.specgen.RootfsPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a root filesystem holds an i386 userland, so that its container's seccomp filter must cover the i386
 * system call ABI. Two cheap signs, read inside the rootfs as the container sees it (symlinks resolved within
 * it): the i386 dynamic loader {@code /lib/ld-linux.so.2} (every dynamically linked i386 program needs it, and
 * amd64 images that carry i386 libraries have it too), or a {@code /bin/sh} that is a 32-bit x86 ELF file (the
 * static busybox of an i386 image). What these miss, an i386 program brought in by a volume into an x86-64
 * image, is killed at its first system call; {@code --security-opt seccomp=PROFILE} with
 * {@code SCMP_ARCH_X86} runs it.
 */
final class I386Userland {
  private I386Userland() {}

  static final String LOADER = "/lib/ld-linux.so.2";
  private static final int ELFCLASS32 = 1;
  private static final int EM_386 = 3;

  static boolean present(Path rootfs) {
    try {
      if (Files.exists(RootfsPath.resolve(rootfs, LOADER))) return true;
      return isI386Elf(RootfsPath.resolve(rootfs, "/bin/sh"));
    } catch (IOException e) {
      return false;
    }
  }

  /** The first 20 bytes of an ELF header: magic, class (32-bit) and machine (i386, little-endian). */
  static boolean isI386Elf(Path file) throws IOException {
    if (!Files.isRegularFile(file)) return false;
    byte[] h;
    try (InputStream in = Files.newInputStream(file)) {
      h = in.readNBytes(20);
    }
    return h.length == 20 && h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F'
        && h[4] == ELFCLASS32 && (h[18] & 0xff | (h[19] & 0xff) << 8) == EM_386;
  }
}
