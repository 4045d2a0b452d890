package dev.berth.network.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.network.Subnet;
import dev.berth.network.firewall.FirewallState.BridgeNet;
import dev.berth.network.firewall.FirewallState.PublishedPort;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesRendererTest {
  private final RulesRenderer renderer = new RulesRenderer(new ChainNames("BT"));

  static FirewallState sample() {
    return new FirewallState(
        List.of(
            new BridgeNet("bt-a", Subnet.parse("10.213.31.0/24"), false),
            new BridgeNet("bt-b", Subnet.parse("10.213.32.0/24"), false),
            new BridgeNet("bt-i", Subnet.parse("10.213.33.0/24"), true)),
        List.of(
            new PublishedPort("tcp", "0.0.0.0", 18300, "10.213.31.2", 80, "bt-a", "c1"),
            new PublishedPort("udp", "192.0.2.2", 5353, "10.213.32.2", 53, "bt-b", "c2"),
            new PublishedPort("tcp", "0.0.0.0", 18400, "10.213.33.2", 80, "bt-i", "c3"),
            new PublishedPort("tcp", "::", 18300, "10.213.31.2", 80, "bt-a", "c1")));
  }

  @Test
  void render_networksAndPorts_matchesGoldenText() throws IOException {
    assertThat(renderer.render(sample())).isEqualTo(golden("rules-golden.txt"));
  }

  @Test
  void render_withoutUserlandProxy_addsALoopbackMasqueradePerIpv4Port_matchesGoldenText() throws IOException {
    RulesRenderer loopback = new RulesRenderer(new ChainNames("BT", true));
    assertThat(loopback.render(sample())).isEqualTo(golden("rules-golden-loopback.txt"));
  }

  @Test
  void render_emptyState_declaresEveryChainWithOnlyTheIsolationJump() {
    assertThat(renderer.render(FirewallState.EMPTY)).isEqualTo("""
        *filter
        :BT-FORWARD - [0:0]
        :BT-ISOLATION-1 - [0:0]
        :BT-ISOLATION-2 - [0:0]
        -A BT-FORWARD -j BT-ISOLATION-1
        COMMIT
        *nat
        :BT-DNAT - [0:0]
        :BT-POSTROUTING - [0:0]
        COMMIT
        """);
  }

  @Test
  void render_tagWithQuotesAndSpaces_commentKeepsOnlySafeCharacters() {
    FirewallState state = new FirewallState(List.of(new BridgeNet("bt-a", Subnet.parse("10.1.0.0/24"), false)),
        List.of(new PublishedPort("tcp", "0.0.0.0", 8080, "10.1.0.2", 80, "bt-a", "we\"b 1\n-j DROP")));

    assertThat(renderer.render(state))
        .contains("-m comment --comment \"berth c=we_b_1_-j_DROP\" -j DNAT --to-destination 10.1.0.2:80")
        .doesNotContain("\n-j DROP");
  }

  @Test
  void render_internalNetwork_hasNoMasqueradeAndDropsBothDirections() {
    FirewallState state = new FirewallState(List.of(new BridgeNet("bt-i", Subnet.parse("10.1.0.0/24"), true)),
        List.of());

    assertThat(renderer.render(state))
        .contains("-A BT-ISOLATION-1 -i bt-i ! -o bt-i -j DROP\n", "-A BT-ISOLATION-1 ! -i bt-i -o bt-i -j DROP\n")
        .doesNotContain("MASQUERADE");
  }

  static String golden(String name) throws IOException {
    try (InputStream in = RulesRendererTest.class.getResourceAsStream(name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
