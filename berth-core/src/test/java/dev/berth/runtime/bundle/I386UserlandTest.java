package dev.berth.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class I386UserlandTest {
  @TempDir Path rootfs;

  @Test
  void present_emptyRootfs_false() {
    assertThat(I386Userland.present(rootfs)).isFalse();
  }

  @Test
  void present_i386LoaderBehindAnAbsoluteSymlink_resolvedInsideTheRootfs() throws IOException {
    Files.createDirectories(rootfs.resolve("lib/i386-linux-gnu"));
    Files.writeString(rootfs.resolve("lib/i386-linux-gnu/ld-linux.so.2"), "x");
    Files.createSymbolicLink(rootfs.resolve("lib/ld-linux.so.2"), Path.of("/lib/i386-linux-gnu/ld-linux.so.2"));
    assertThat(I386Userland.present(rootfs)).isTrue();
  }

  @Test
  void present_shIsA32BitX86Elf_true() throws IOException {
    Files.createDirectories(rootfs.resolve("bin"));
    Files.write(rootfs.resolve("bin/busybox"), I386Elf.exit(0));
    Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("busybox"));
    assertThat(I386Userland.present(rootfs)).isTrue();
  }

  @Test
  void present_shIsThisHostsX8664Busybox_false() throws IOException {
    Files.createDirectories(rootfs.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/sh"));
    assertThat(I386Userland.present(rootfs)).isFalse();
  }

  @Test
  void present_absoluteShSymlinkToAHostPath_neverReadsTheHostFile() throws IOException {
    Files.createDirectories(rootfs.resolve("bin"));
    Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("/bin/busybox"));
    assertThat(I386Userland.present(rootfs)).isFalse();
  }
}
