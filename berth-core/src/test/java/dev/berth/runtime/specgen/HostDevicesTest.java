package dev.berth.runtime.specgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.spec.Linux;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostDevicesTest {
  @Test
  void majorMinor_decodeLinuxDevT_smallAndLargeNumbers() {
    assertThat(HostDevices.major(0x0103)).isEqualTo(1);
    assertThat(HostDevices.minor(0x0103)).isEqualTo(3);
    // major 259, minor 300000: glibc's encoding spreads both over the 64 bits
    long rdev = ((259L & 0xfff) << 8) | ((259L & ~0xfffL) << 32) | (300000L & 0xff) | ((300000L & ~0xffL) << 12);
    assertThat(HostDevices.major(rdev)).isEqualTo(259);
    assertThat(HostDevices.minor(rdev)).isEqualTo(300000);
  }

  @Test
  void scan_realDev_findsNullAsChar13_andSkipsPtsAndConsole() {
    List<Linux.Device> devices = HostDevices.scan(Path.of("/dev"));
    assertThat(devices).anySatisfy(d -> {
      assertThat(d.path()).isEqualTo("/dev/null");
      assertThat(d.type()).isEqualTo("c");
      assertThat(d.major()).isEqualTo(1);
      assertThat(d.minor()).isEqualTo(3);
    });
    assertThat(devices).noneMatch(d -> d.path().startsWith("/dev/pts/") || d.path().equals("/dev/console"));
  }
}
