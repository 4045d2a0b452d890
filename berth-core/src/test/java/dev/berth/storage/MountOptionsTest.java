package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.sys.MountApi;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountOptionsTest {
  @Test
  void of_vfsAttributes_becomeMountAttributesNotFsOptions() {
    MountOptions o = MountOptions.of(List.of("ro", "nosuid", "index=off", "userxattr"));

    assertThat(o.attributes()).isEqualTo(MountApi.MOUNT_ATTR_RDONLY | MountApi.MOUNT_ATTR_NOSUID);
    assertThat(o.fsOptions()).containsExactly(
        new MountOptions.Option("index", "off"), new MountOptions.Option("userxattr", null));
    assertThat(o.legacyFlags()).isEqualTo(1 | 2);
  }

  @Test
  void legacyData_appendedLowers_foldIntoOneLowerdirTopmostFirst() {
    MountOptions o = MountOptions.of(List.of("upperdir=/u", "workdir=/w", "lowerdir+=/l2", "lowerdir+=/l:1",
        "index=off"));

    assertThat(o.hasAppendedLowers()).isTrue();
    assertThat(o.legacyData()).isEqualTo("lowerdir=/l2:/l\\:1,upperdir=/u,workdir=/w,index=off");
  }

  @Test
  void of_valueWithEquals_keepsEverythingAfterTheFirst() {
    assertThat(MountOptions.of(List.of("lowerdir+=/a=b")).fsOptions())
        .containsExactly(new MountOptions.Option("lowerdir+", "/a=b"));
  }
}
