package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
  private static final List<String> LINES = List.of(
      "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
      "30 22 0:25 / /proc rw,nosuid shared:5 - proc proc rw",
      "40 22 254:0 /var/lib/berth/snapshots/7/fs /run/c1/rootfs rw,relatime shared:1 - ext4 /dev/vda rw",
      "41 22 0:40 / /run/c2/rootfs rw,relatime shared:9 - overlay overlay rw,lowerdir=/var/lib/berth/snapshots/3/fs"
          + ":/var/lib/berth/snapshots/2/fs,upperdir=/var/lib/berth/snapshots/8/fs,workdir=/var/lib/berth/snapshots/8/work",
      "42 22 0:41 / /var/lib/berth/snapshots/9/fs/mnt\\040point rw shared:10 - tmpfs tmpfs rw");

  private final MountTable table = MountTable.parse(LINES);

  @Test
  void parse_mountinfoLines_unescapesPathsAndSplitsOptions() {
    MountTable.Entry last = table.entries().getLast();

    assertThat(last.mountPoint()).isEqualTo(Path.of("/var/lib/berth/snapshots/9/fs/mnt point"));
    assertThat(last.fsType()).isEqualTo("tmpfs");
    assertThat(table.entries().get(3).superOptions()).contains("upperdir=/var/lib/berth/snapshots/8/fs");
  }

  @Test
  void usersOf_bindSource_findsTheBindMount() {
    assertThat(table.usersOf(Path.of("/var/lib/berth/snapshots/7"))).containsExactly(Path.of("/run/c1/rootfs"));
  }

  @Test
  void usersOf_overlayUpperOrLower_findsTheOverlay() {
    assertThat(table.usersOf(Path.of("/var/lib/berth/snapshots/8"))).containsExactly(Path.of("/run/c2/rootfs"));
    assertThat(table.usersOf(Path.of("/var/lib/berth/snapshots/2"))).containsExactly(Path.of("/run/c2/rootfs"));
  }

  @Test
  void usersOf_mountPointInside_findsIt() {
    assertThat(table.usersOf(Path.of("/var/lib/berth/snapshots/9")))
        .containsExactly(Path.of("/var/lib/berth/snapshots/9/fs/mnt point"));
  }

  @Test
  void usersOf_unusedDirectory_isEmpty() {
    assertThat(table.usersOf(Path.of("/var/lib/berth/snapshots/1"))).isEmpty();
    assertThat(table.usersOf(Path.of("/var/lib/berth/snapshots/77"))).isEmpty();
  }

  @Test
  void parse_malformedLine_throwsNamingIt() {
    assertThatThrownBy(() -> MountTable.parse(List.of("garbage line")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("garbage line");
  }

  @Test
  void unescape_octalEscapes_becomeBytes() {
    assertThat(MountTable.unescape("a\\040b\\134c\\011")).isEqualTo("a b\\c\t");
    assertThat(MountTable.unescape("plain")).isEqualTo("plain");
    assertThat(MountTable.unescape("trailing\\04")).isEqualTo("trailing\\04");
  }
}
