package dev.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MtuTest {
  private static Network withOptions(Map<String, String> options) {
    return new Network("a".repeat(64), "n", "bridge", "bn-aaaaaaaa", Subnet.parse("10.1.2.0/24"), "10.1.2.1", false, null,
        options, Instant.EPOCH, false);
  }

  @Test
  void parse_integersFrom68To65535_accepted() {
    assertThat(Mtu.parse("68", "x")).isEqualTo(68);
    assertThat(Mtu.parse("1500", "x")).isEqualTo(1500);
    assertThat(Mtu.parse(" 9000 ", "x")).isEqualTo(9000);
    assertThat(Mtu.parse("65535", "x")).isEqualTo(65535);
  }

  @Test
  void parse_anythingElse_refusedNamingWhereAndTheValue() {
    for (String bad : List.of("67", "0", "65536", "-1", "1e3", "0x10", "", "9999999", "1500.0")) {
      assertThatThrownBy(() -> Mtu.parse(bad, "flag --mtu")).as(bad).isInstanceOf(InvalidArgumentException.class)
          .hasMessage("flag --mtu: invalid MTU \"" + bad + "\": want an integer from 68 to 65535");
    }
    assertThatThrownBy(() -> Mtu.parse(null, "w")).hasMessage("w: invalid MTU \"null\": want an integer from 68 to 65535");
  }

  @Test
  void of_network_theOptionsMtuElseZero() {
    assertThat(Mtu.of(withOptions(Map.of()))).isZero();
    assertThat(Mtu.of(withOptions(Map.of(Mtu.OPTION, "9000")))).isEqualTo(9000);
    assertThatThrownBy(() -> Mtu.of(withOptions(Map.of(Mtu.OPTION, "big")))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("network n: option com.docker.network.driver.mtu: invalid MTU \"big\"");
  }

  @Test
  void networkDefaults_mtu1500UnlessGiven_outOfRangeRefused() {
    NetworkDefaults d = NetworkDefaults.of(Path.of("/run/x"));
    assertThat(d.mtu()).isEqualTo(1500);
    assertThat(d.withMtu(65520).mtu()).isEqualTo(65520);
    assertThat(d.withMtu(65520).withUserlandProxy(false).mtu()).isEqualTo(65520);
    assertThatThrownBy(() -> d.withMtu(65536)).isInstanceOf(InvalidArgumentException.class)
        .hasMessage("default bridge network: invalid MTU \"65536\": want an integer from 68 to 65535");
  }
}
