package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mounter against the real kernel (root needed). */
class MounterIT {
  private Path dir;
  private Path target;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createTempDirectory("berth-mounter-");
    target = Files.createDirectories(dir.resolve("target"));
  }

  @AfterEach
  void tearDown() throws IOException {
    try {
      Mounter.unmount(target);
    } finally {
      Trees.delete(dir);
    }
  }

  @Test
  void mount_overlayWith200Lowers_showsEveryLayerAndIsSeenAsUsingThem() throws IOException {
    List<String> options = new ArrayList<>();
    options.add("upperdir=" + Files.createDirectories(dir.resolve("upper")));
    options.add("workdir=" + Files.createDirectories(dir.resolve("work")));
    for (int i = 200; i >= 1; i--) {
      Path lower = Files.createDirectories(dir.resolve("a-rather-long-lower-directory-name-" + i));
      Files.writeString(lower.resolve("f" + i), "x");
      options.add("lowerdir+=" + lower);
    }

    Mounter.mount(List.of(new Mount("overlay", "overlay", options)), target);

    try (var s = Files.list(target)) {
      assertThat(s.count()).isEqualTo(200);
    }
    MountTable table = MountTable.read();
    assertThat(table.usersOf(dir.resolve("a-rather-long-lower-directory-name-117"))).containsExactly(target);
    assertThat(table.usersOf(dir.resolve("upper"))).containsExactly(target);
  }

  @Test
  void mount_missingLower_failsWithTheKernelsReason() throws IOException {
    List<String> options = List.of("lowerdir+=" + dir.resolve("missing"), "lowerdir+=" + dir);

    assertThatThrownBy(() -> Mounter.mount(List.of(new Mount("overlay", "overlay", options)), target))
        .isInstanceOf(SystemException.class).hasMessageContaining("missing");
    assertThat(MountTable.read().usersOf(target)).isEmpty();
  }

  @Test
  void mount_secondMountFails_undoesTheFirst() throws IOException {
    Path src = Files.createDirectories(dir.resolve("src"));
    List<Mount> mounts = List.of(new Mount("bind", src.toString(), List.of("rbind", "rw")),
        new Mount("bind", dir.resolve("missing").toString(), List.of("rbind", "rw")));

    assertThatThrownBy(() -> Mounter.mount(mounts, target)).isInstanceOf(SystemException.class)
        .hasMessageContaining("missing");
    assertThat(MountTable.read().usersOf(target)).isEmpty();
  }

  @Test
  void mount_unsupportedBindOption_throwsInvalidArgument() {
    assertThatThrownBy(() -> Mounter.mount(List.of(new Mount("bind", dir.toString(), List.of("shared"))), target))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("shared");
  }

  @Test
  void mount_missingTarget_throwsInvalidArgument() {
    assertThatThrownBy(() -> Mounter.mount(List.of(), dir.resolve("nope")))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void unmount_notMountedOrMissing_isANoOp() {
    Mounter.unmount(target);
    Mounter.unmount(dir.resolve("nope"));

    assertThat(target).isDirectory();
  }

  @Test
  void unmount_busyMount_detachesIt() throws IOException {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("f"), "x");
    Mounter.mount(List.of(new Mount("bind", src.toString(), List.of("rbind", "rw"))), target);
    Path cwdInside = target.resolve("f");

    try (FileChannel open = FileChannel.open(cwdInside)) {
      Mounter.unmount(target);

      assertThat(MountTable.read().usersOf(target)).isEmpty();
      assertThat(open.size()).isEqualTo(1);
    }
    assertThat(target.resolve("f")).doesNotExist();
  }
}
