package dev.berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local driver's options and the mountinfo path escapes. */
class LocalOptionsTest {
  @Test
  void parse_noOptions_isAPlainVolume() {
    assertThat(LocalOptions.parse(Map.of())).isNull();
  }

  @Test
  void parse_flagWordsBecomeFlags_restIsFilesystemData() {
    LocalOptions o = LocalOptions.parse(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=64m, nosuid,nodev,uid=1000,,noatime"));
    assertThat(o.fsType()).isEqualTo("tmpfs");
    assertThat(o.flags()).isEqualTo(2 | 4 | 1024);
    assertThat(o.data()).isEqualTo("size=64m,uid=1000");
    assertThat(o.bind()).isFalse();
  }

  @Test
  void parse_rbind_isARecursiveBindOfTypeNone() {
    LocalOptions o = LocalOptions.parse(Map.of("type", "ext4", "device", "/srv", "o", "rbind"));
    assertThat(o.bind()).isTrue();
    assertThat(o.fsType()).isEqualTo("none");
    assertThat(o.flags()).isEqualTo(4096 | 16384);
    assertThat(o.data()).isNull();
  }

  @Test
  void parse_emptyTypeOrDevice_isRefused() {
    assertThatThrownBy(() -> LocalOptions.parse(Map.of("type", "", "device", "tmpfs")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("must not be empty");
  }

  @Test
  void unescape_octalEscapesOfMountinfo() {
    assertThat(VolumeMounter.unescape("/var/lib/my\\040volumes/a\\134b")).isEqualTo("/var/lib/my volumes/a\\b");
    assertThat(VolumeMounter.unescape("/plain")).isEqualTo("/plain");
    assertThat(VolumeMounter.unescape("/odd\\9")).isEqualTo("/odd\\9");
  }
}
