package dev.berth.network.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.errors.InvalidArgumentException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BridgeConfigTest {
  @Test
  void of_attachment_bridgeWithStaticAddressGatewayAndDefaultRoute() throws Exception {
    var a = new CniBridge.Attachment("front", "bn-1234abcd", "c1", new CniBridge.NetNsRef(Path.of("/x/c1")), "eth0",
        "10.89.3.7", 24, "10.89.3.1");

    JsonNode c = new ObjectMapper().readTree(BridgeConfig.of(a));

    assertThat(c.path("cniVersion").asText()).isEqualTo("1.0.0");
    assertThat(c.path("name").asText()).isEqualTo("front");
    assertThat(c.path("type").asText()).isEqualTo("bridge");
    assertThat(c.path("bridge").asText()).isEqualTo("bn-1234abcd");
    assertThat(c.path("isGateway").asBoolean()).isTrue();
    assertThat(c.path("ipMasq").isBoolean()).isTrue();
    assertThat(c.path("ipMasq").asBoolean()).isFalse();
    assertThat(c.path("hairpinMode").asBoolean()).isTrue();
    JsonNode ipam = c.path("ipam");
    assertThat(ipam.path("type").asText()).isEqualTo("static");
    assertThat(ipam.path("addresses")).hasSize(1);
    assertThat(ipam.path("addresses").get(0).path("address").asText()).isEqualTo("10.89.3.7/24");
    assertThat(ipam.path("addresses").get(0).path("gateway").asText()).isEqualTo("10.89.3.1");
    assertThat(ipam.path("routes").get(0).path("dst").asText()).isEqualTo("0.0.0.0/0");
  }

  @Test
  void of_withoutMtu_leavesTheFieldOut_withMtu_givesItToThePlugin() throws Exception {
    var plain = new CniBridge.Attachment("front", "bn-1234abcd", "c1", new CniBridge.NetNsRef(Path.of("/x/c1")), "eth0",
        "10.89.3.7", 24, "10.89.3.1");
    var jumbo = new CniBridge.Attachment("front", "bn-1234abcd", "c1", new CniBridge.NetNsRef(Path.of("/x/c1")), "eth0",
        "10.89.3.7", 24, "10.89.3.1", 9000);

    assertThat(new ObjectMapper().readTree(BridgeConfig.of(plain)).has("mtu")).isFalse();
    JsonNode mtu = new ObjectMapper().readTree(BridgeConfig.of(jumbo)).path("mtu");
    assertThat(mtu.isInt()).isTrue();
    assertThat(mtu.asInt()).isEqualTo(9000);
  }

  @Test
  void attachment_mtuOutOfRange_refusedNamingTheValue() {
    assertThatThrownBy(() -> new CniBridge.Attachment("front", "bn-1234abcd", "c1", new CniBridge.NetNsRef(Path.of("/x/c1")),
        "eth0", "10.89.3.7", 24, "10.89.3.1", 67)).isInstanceOf(InvalidArgumentException.class)
        .hasMessage("attach c1 to network front: invalid MTU \"67\": want an integer from 68 to 65535");
  }

  @Test
  void of_secondInterface_noDefaultRoute() throws Exception {
    var a = new CniBridge.Attachment("side", "bn-5678abcd", "c1", new CniBridge.NetNsRef(Path.of("/x/c1")), "eth1",
        "10.89.4.7", 24, "10.89.4.1");

    JsonNode ipam = new ObjectMapper().readTree(BridgeConfig.of(a)).path("ipam");

    assertThat(ipam.path("routes")).isEmpty();
    assertThat(ipam.path("addresses").get(0).path("gateway").asText()).isEqualTo("10.89.4.1");
  }
}
