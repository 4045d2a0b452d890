package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The switch on a stand-in for /proc/sys/net/ipv4/conf: written once, left alone when on, names checked. */
class RouteLocalnetTest {
  @TempDir Path conf;

  @Test
  void enable_switchOff_writesOne_andAgainLeavesItOn() throws Exception {
    Files.createDirectories(conf.resolve("br0"));
    Files.writeString(conf.resolve("br0/route_localnet"), "0\n");

    RouteLocalnet.enable(conf, "br0");
    assertThat(Files.readString(conf.resolve("br0/route_localnet"))).isEqualTo("1\n");
    RouteLocalnet.enable(conf, "br0");
    assertThat(Files.readString(conf.resolve("br0/route_localnet"))).isEqualTo("1\n");
  }

  @Test
  void enable_noSuchBridge_isASystemErrorNamingTheBridge() {
    assertThatThrownBy(() -> RouteLocalnet.enable(conf, "gone0"))
        .isInstanceOf(SystemException.class).hasMessageContaining("route_localnet on bridge gone0");
  }

  @Test
  void enable_allDefaultOrAPath_areRefused() {
    assertThatThrownBy(() -> RouteLocalnet.enable(conf, "all")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> RouteLocalnet.enable(conf, "default")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> RouteLocalnet.enable(conf, "../x")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> RouteLocalnet.enable(conf, "..")).isInstanceOf(InvalidArgumentException.class);
  }
}
