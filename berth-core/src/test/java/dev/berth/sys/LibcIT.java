package dev.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mount(2) and umount2(2) through the foreign function API (root). */
class LibcIT {
  @TempDir Path dir;

  @Test
  void mount_tmpfsWithOptions_isVisibleUntilUnmounted() throws Exception {
    Path target = Files.createDirectory(dir.resolve("mnt"));
    Libc.mount("berth-test", target, "tmpfs", 0, "size=1m,mode=0700");
    try {
      Files.writeString(target.resolve("f"), "x");
      assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(target.toString());
    } finally {
      Libc.umount(target, 0);
    }
    assertThat(target.resolve("f")).doesNotExist();
  }

  @Test
  void mount_unknownFilesystem_namesTheCallAndReason() throws Exception {
    Path target = Files.createDirectory(dir.resolve("mnt"));
    assertThatThrownBy(() -> Libc.mount("x", target, "nosuchfs", 0, null))
        .isInstanceOf(Libc.ErrnoException.class)
        .hasMessageContaining("mount nosuchfs " + target)
        .hasMessageContaining("No such device");
  }
}
