package dev.berth.network.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.network.Subnet;
import dev.berth.network.firewall.FirewallState.BridgeNet;
import dev.berth.network.firewall.FirewallState.PublishedPort;
import org.junit.jupiter.api.Test;

class FirewallStateTest {
  @Test
  void bridgeNet_nameWithSpace_isRejectedNamingIt() {
    assertThatThrownBy(() -> new BridgeNet("br 0", Subnet.parse("10.1.0.0/24"), false))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'br 0'");
  }

  @Test
  void bridgeNet_nameLongerThan15_isRejected() {
    assertThatThrownBy(() -> new BridgeNet("abcdefghijklmnop", Subnet.parse("10.1.0.0/24"), false))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void publishedPort_badProtocolPortOrAddress_isRejected() {
    assertThatThrownBy(() -> new PublishedPort("sctp", "0.0.0.0", 80, "10.1.0.2", 80, "br0", "c"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("sctp");
    assertThatThrownBy(() -> new PublishedPort("tcp", "0.0.0.0", 0, "10.1.0.2", 80, "br0", "c"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("host port");
    assertThatThrownBy(() -> new PublishedPort("tcp", "0.0.0.0", 80, "10.1.0.2", 70000, "br0", "c"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("container port");
    assertThatThrownBy(() -> new PublishedPort("tcp", "1.2.3", 80, "10.1.0.2", 80, "br0", "c"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("1.2.3");
  }

  @Test
  void publishedPort_emptyHostIp_meansAnyAddress() {
    PublishedPort port = new PublishedPort("udp", "", 53, "10.1.0.2", 53, "br0", null);

    assertThat(port.hostIp()).isEqualTo("0.0.0.0");
    assertThat(port.tag()).isEmpty();
    assertThat(port.ipv6()).isFalse();
  }

  @Test
  void publishedPort_ipv6HostIp_isAcceptedAndMarked() {
    assertThat(new PublishedPort("tcp", "::", 80, "10.1.0.2", 80, "br0", "c").ipv6()).isTrue();
  }
}
