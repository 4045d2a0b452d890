package dev.berth.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.network.PortMapping;
import dev.berth.oci.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkConfigTest {
  private static NetworkConfig full() {
    return new NetworkConfig("appnet", Map.of("appnet", new NetworkConfig.EndpointConfig(List.of("db"), "10.1.0.9")),
        List.of(new PortMapping("tcp", 80, "127.0.0.1", 8080), new PortMapping("udp", 53, null, 0)), true,
        List.of("redis:cache"), List.of("10.0.0.2"), List.of("example.org"), List.of("ndots:2"), List.of("gw:10.0.0.1"));
  }

  @Test
  void json_fullConfig_roundTripsThroughContainerConfig() {
    ContainerConfig c = ContainerConfig.of(BasicConfig.of("busybox")).withNetwork(full());
    ContainerConfig back = Json.read(Json.write(c), ContainerConfig.class);
    assertThat(back).isEqualTo(c);
    assertThat(back.networkMode()).isEqualTo("appnet");
  }

  @Test
  void json_olderStoredFormWithNetworkModeOnly_loadsThatMode() {
    String old = "{\"basic\":{\"image\":\"busybox\"},\"autoRemove\":false,\"init\":true,\"networkMode\":\"none\"}";
    ContainerConfig c = Json.read(old, ContainerConfig.class);
    assertThat(c.networkMode()).isEqualTo("none");
    assertThat(c.network().isNone()).isTrue();
    assertThat(c.init()).isTrue();
  }

  @Test
  void json_storedFormWithoutAnyNetwork_isTheDefaultNetwork() {
    ContainerConfig c = Json.read("{\"basic\":{\"image\":\"busybox\"}}", ContainerConfig.class);
    assertThat(c.network()).isEqualTo(NetworkConfig.DEFAULT);
    assertThat(c.network().isDefaultBridge()).isTrue();
    assertThat(c.network().primaryNetwork()).isEqualTo("bridge");
  }

  @Test
  void constructor_stringMode_keepsOldCallersWorking() {
    ContainerConfig c = new ContainerConfig(BasicConfig.of("x"), null, null, null, null, null, false, false, "host");
    assertThat(c.network().isHost()).isTrue();
    assertThat(c.networkMode()).isEqualTo("host");
  }

  @Test
  void new_hostModeWithLinks_refusedWithDockersMessage() {
    assertThatThrownBy(() -> NetworkConfig.DEFAULT.withMode("host").withLinks(List.of("db:db")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("conflicting options: host type networking can't be used with links. This would result in undefined behavior");
  }

  @Test
  void new_containerModeWithPortsDnsOrHosts_refused() {
    NetworkConfig c = NetworkConfig.of("container:web");
    assertThatThrownBy(() -> c.withPorts(List.of(new PortMapping("tcp", 80, null, 0)), false))
        .hasMessage("conflicting options: port publishing and the container type network mode");
    assertThatThrownBy(() -> c.withDns(List.of("1.1.1.1"), null, null)).hasMessage("conflicting options: dns and the network mode");
    assertThatThrownBy(() -> c.withExtraHosts(List.of("a:1.2.3.4")))
        .hasMessage("conflicting options: custom host-to-IP mapping and the network mode");
    assertThatThrownBy(() -> c.withLinks(List.of("a")))
        .hasMessageStartingWith("conflicting options: container type network can't be used with links");
    assertThatThrownBy(() -> c.checkAgainst(BasicConfig.of("x").withExposedPorts(List.of("80"))))
        .hasMessage("conflicting options: port exposing and the container type network mode");
    assertThat(c.containerRef()).isEqualTo("web");
  }

  @Test
  void effectivePorts_hostMode_discardedWithDockersWarning() {
    NetworkConfig c = NetworkConfig.of("host").withPorts(List.of(new PortMapping("tcp", 80, null, 8080)), false);
    assertThat(c.effectivePorts()).isEmpty();
    assertThat(c.warnings()).containsExactly("Published ports are discarded when using host network mode");
    assertThat(NetworkConfig.of("none").withPorts(c.ports(), false).effectivePorts()).isEmpty();
    assertThat(NetworkConfig.DEFAULT.withPorts(c.ports(), false).effectivePorts()).hasSize(1);
  }

  @Test
  void parsedLinks_dockerForms_giveNameAndAlias() {
    NetworkConfig c = NetworkConfig.DEFAULT.withLinks(List.of("redis:cache", "db", "/web:/me/front"));
    assertThat(c.parsedLinks()).containsExactly(new NetworkConfig.Link("redis", "cache"), new NetworkConfig.Link("db", "db"),
        new NetworkConfig.Link("web", "front"));
    assertThatThrownBy(() -> NetworkConfig.DEFAULT.withLinks(List.of("a:b:c"))).hasMessageContaining("invalid link 'a:b:c'");
  }

  @Test
  void parsedExtraHosts_badAddress_refusedNamingTheFlag() {
    assertThat(NetworkConfig.DEFAULT.withExtraHosts(List.of("gw:10.0.0.1")).parsedExtraHosts())
        .containsExactly(new NetworkConfig.ExtraHost("gw", "10.0.0.1"));
    assertThatThrownBy(() -> NetworkConfig.DEFAULT.withExtraHosts(List.of("gw:nope")))
        .hasMessageContaining("--add-host");
  }

  @Test
  void endpointConfig_badFixedAddress_refused() {
    assertThatThrownBy(() -> new NetworkConfig.EndpointConfig(List.of(), "10.1.2"))
        .hasMessage("invalid IPv4 address: 10.1.2");
  }
}
