package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.NetworkService.CreateRequest;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.network.Mtu;
import dev.berth.network.NetworkDefaults;
import dev.berth.network.Subnet;
import dev.berth.runtime.container.NetworkConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalNetworkServiceTest {
  @TempDir Path tmp;

  private final NetworkDefaults defaults = new NetworkDefaults("bt0", Subnet.parse("10.50.0.0/24"),
      Subnet.parse("10.60.0.0/16"), "BTX", "bx-", Path.of("/tmp/none"));

  private LocalNetworkService open() {
    return LocalNetworkService.open(tmp.resolve("networks"), defaults, new EventBus());
  }

  private static CreateRequest req(String name, String subnet, String gateway) {
    return new CreateRequest(name, null, subnet, gateway, false, Map.of("k", "v"), null, true);
  }

  @Test
  void open_fresh_hasThePredefinedNetworks() {
    LocalNetworkService s = open();
    assertThat(s.list(Map.of()).stream().map(v -> v.network().name())).containsExactlyInAnyOrder("bridge", "host", "none");
    assertThat(s.inspect("bridge").network().bridge()).isEqualTo("bt0");
    assertThat(s.inspect("bridge").network().gateway()).isEqualTo("10.50.0.1");
    assertThatThrownBy(() -> s.remove("bridge")).isInstanceOf(ConflictException.class)
        .hasMessage("bridge is a pre-defined network and cannot be removed");
  }

  @Test
  void create_withoutSubnet_takesAFreeSlashTwentyFourFromThePoolAndNamesTheBridge() {
    LocalNetworkService s = open();
    var a = s.create(req("a", null, null)).network();
    var b = s.create(req("b", null, null)).network();
    assertThat(a.subnet()).hasToString("10.60.0.0/24");
    assertThat(b.subnet()).hasToString("10.60.1.0/24");
    assertThat(a.bridge()).isEqualTo("bx-" + a.id().substring(0, 8));
    assertThat(s.list(Map.of("label", List.of("k=v"))).stream().map(v -> v.network().name())).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void create_overlappingSubnetOrTakenNameOrBadGateway_refused() {
    LocalNetworkService s = open();
    s.create(req("a", "10.70.0.0/24", null));
    assertThatThrownBy(() -> s.create(req("b", "10.70.0.128/25", null))).isInstanceOf(ConflictException.class)
        .hasMessageStartingWith("Pool overlaps with other one on this address space");
    assertThatThrownBy(() -> s.create(req("c", "10.50.0.0/16", null))).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> s.create(req("a", "10.71.0.0/24", null))).hasMessage("network with name a already exists");
    assertThatThrownBy(() -> s.create(req("d", "10.72.0.0/24", "10.73.0.1"))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("no matching subnet for gateway 10.73.0.1");
  }

  @Test
  void create_mtuOption_keptAsGivenAndUsedForAttachments_badValuesRefusedNamingThem() {
    LocalNetworkService s = open();
    var jumbo = s.create(new CreateRequest("jumbo", null, null, null, false, null, Map.of(Mtu.OPTION, "9000"), true)).network();
    assertThat(s.inspect("jumbo").network().options()).containsEntry(Mtu.OPTION, "9000");
    assertThat(Mtu.of(jumbo)).isEqualTo(9000);
    assertThat(Mtu.of(s.create(req("plain", null, null)).network())).isZero();
    for (String bad : List.of("big", "67", "65536", "", "9000x")) {
      assertThatThrownBy(() -> s.create(new CreateRequest("bad", null, null, null, false, null, Map.of(Mtu.OPTION, bad), true)))
          .as(bad).isInstanceOf(InvalidArgumentException.class)
          .hasMessage("create network bad: option com.docker.network.driver.mtu: invalid MTU \"" + bad + "\": want an integer from 68 to 65535");
    }
    assertThat(s.list(Map.of()).stream().map(v -> v.network().name())).doesNotContain("bad");
  }

  @Test
  void open_defaultBridge_showsTheDaemonsMtu_aNewMtuReplacesItKeepingTheEndpoints() {
    LocalNetworkService s = open();
    assertThat(s.inspect("bridge").network().options()).isEqualTo(Map.of(Mtu.OPTION, "1500"));
    s.attachAtCreate("c1", NetworkConfig.of("bridge"));
    String id = s.inspect("bridge").network().id();

    LocalNetworkService reopened = LocalNetworkService.open(tmp.resolve("networks"), defaults.withMtu(65520), new EventBus());

    assertThat(reopened.inspect("bridge").network().options()).isEqualTo(Map.of(Mtu.OPTION, "65520"));
    assertThat(Mtu.of(reopened.inspect("bridge").network())).isEqualTo(65520);
    assertThat(reopened.inspect("bridge").network().id()).isEqualTo(id);
    assertThat(reopened.endpointsOf("c1").getFirst().endpoint().ipv4()).isEqualTo("10.50.0.2");
  }

  @Test
  void attachAtCreate_addressesUniqueGatewayReservedReleasedAndKeptAcrossReopen() {
    LocalNetworkService s = open();
    s.create(req("n", "10.80.0.0/29", null));
    NetworkConfig cfg = NetworkConfig.of("n");
    s.attachAtCreate("c1", cfg);
    s.attachAtCreate("c2", cfg);
    assertThat(s.endpointsOf("c1").getFirst().endpoint().ipv4()).isEqualTo("10.80.0.2");
    assertThat(s.endpointsOf("c2").getFirst().endpoint().ipv4()).isEqualTo("10.80.0.3");
    assertThat(s.endpointsOf("c2").getFirst().endpoint().mac()).isEqualTo("02:42:0a:50:00:03");
    assertThatThrownBy(() -> s.remove("n")).isInstanceOf(ConflictException.class).hasMessageContaining("has active endpoints");

    LocalNetworkService reopened = open();
    assertThat(reopened.endpointsOf("c1").getFirst().endpoint().ipv4()).isEqualTo("10.80.0.2");
    reopened.detachAll("c1");
    reopened.attachAtCreate("c3", cfg);
    assertThat(reopened.endpointsOf("c3").getFirst().endpoint().ipv4()).isEqualTo("10.80.0.2");
    for (int i = 4; i <= 6; i++) reopened.attachAtCreate("x" + i, cfg);
    assertThatThrownBy(() -> reopened.attachAtCreate("full", cfg)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("no available IPv4 addresses");
    assertThat(reopened.endpointsOf("full")).isEmpty();
  }

  @Test
  void attachAtCreate_fixedAddressOrAliasOnTheDefaultBridge_refusedAsDocker() {
    LocalNetworkService s = open();
    NetworkConfig ip = NetworkConfig.DEFAULT.withEndpoints(Map.of("bridge", new NetworkConfig.EndpointConfig(List.of(), "10.50.0.9")));
    assertThatThrownBy(() -> s.attachAtCreate("c", ip)).hasMessage("user specified IP address is supported on user defined networks only");
    NetworkConfig alias = NetworkConfig.DEFAULT.withEndpoints(Map.of("bridge", new NetworkConfig.EndpointConfig(List.of("x"), null)));
    assertThatThrownBy(() -> s.attachAtCreate("c", alias))
        .hasMessage("network-scoped alias is supported only for containers in user defined networks");
    assertThat(s.endpointsOf("c")).isEmpty();
  }

  /** Running or not, by container ID: the directory the container service gives the network service. */
  private static ContainerDirectory directory(Map<String, Boolean> running) {
    return new ContainerDirectory() {
      @Override
      public Member find(String ref) {
        Member m = byId(ref);
        if (m == null) throw new dev.berth.errors.NotFoundException("No such container: " + ref);
        return m;
      }

      @Override
      public Member byId(String id) {
        Boolean up = running.get(id);
        if (up == null) return null;
        var config = dev.berth.runtime.container.ContainerConfig.of(dev.berth.runtime.container.BasicConfig.of("busybox"));
        var c = dev.berth.runtime.container.Container.newContainer(dev.berth.runtime.container.ContainerId.of(id), "/c" + id.substring(0, 4),
            java.time.Instant.EPOCH, dev.berth.oci.Digest.sha256(new byte[0]), config);
        return new Member(c, up, up ? 42 : 0);
      }
    };
  }

  /** docker-compose recreates a service with ipv4_address by creating the new container before removing the old one. */
  @Test
  void attachAtCreate_requestedAddressOfAStoppedContainer_givenAgain_ofARunningOne_refused() {
    LocalNetworkService s = open();
    s.create(req("n", "10.81.0.0/24", null));
    String stopped = "a".repeat(64);
    String running = "b".repeat(64);
    s.useDirectory(directory(Map.of(stopped, false, running, true)));
    NetworkConfig at50 = NetworkConfig.of("n").withEndpoints(Map.of("n", new NetworkConfig.EndpointConfig(List.of(), "10.81.0.50")));
    NetworkConfig at60 = NetworkConfig.of("n").withEndpoints(Map.of("n", new NetworkConfig.EndpointConfig(List.of(), "10.81.0.60")));
    s.attachAtCreate(stopped, at50);
    s.attachAtCreate(running, at60);

    s.attachAtCreate("c".repeat(64), at50);
    assertThat(s.endpointsOf("c".repeat(64)).getFirst().endpoint().ipv4()).isEqualTo("10.81.0.50");
    assertThatThrownBy(() -> s.attachAtCreate("d".repeat(64), at60)).isInstanceOf(ConflictException.class)
        .hasMessage("Address already in use: 10.81.0.60 on network n");
    s.attachAtCreate("e".repeat(64), NetworkConfig.of("n"));
    assertThat(s.endpointsOf("e".repeat(64)).getFirst().endpoint().ipv4()).as("a picked address is never a held one").isEqualTo("10.81.0.2");
    NetworkConfig atGateway = NetworkConfig.of("n").withEndpoints(Map.of("n", new NetworkConfig.EndpointConfig(List.of(), "10.81.0.1")));
    assertThatThrownBy(() -> s.attachAtCreate("f".repeat(64), atGateway)).hasMessage("Address already in use: 10.81.0.1 on network n");
  }

  @Test
  void prune_removesOnlyUnusedUserNetworks() {
    LocalNetworkService s = open();
    s.create(req("used", null, null));
    s.create(req("idle", null, null));
    s.attachAtCreate("c1", NetworkConfig.of("used"));
    assertThat(s.prune(Map.of())).containsExactly("idle");
    assertThat(s.list(Map.of("type", List.of("custom"))).stream().map(v -> v.network().name())).containsExactly("used");
  }
}
