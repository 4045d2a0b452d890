package dev.berth.network.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The NAT mode's batches and counter reading, against a fake iptables that holds iptables-save text. */
class NatForwardingTest {
  private static final List<NatForwarding.Rule> RULES = List.of(
      new NatForwarding.Rule(6379, "tcp", "172.30.0.2", 6379), new NatForwarding.Rule(53, "udp", "10.0.0.9", 5353));

  /** What iptables-save -c printed in a namespace after {@link #RULES} were installed and used (iptables-nft 1.8.9). */
  private static final String SAVED_FILTER = """
      *filter
      :INPUT ACCEPT [0:0]
      :FORWARD ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      :BERTH-AMB-COUNT - [0:0]
      [31:2222] -A FORWARD -j BERTH-AMB-COUNT
      [2:120] -A BERTH-AMB-COUNT -p tcp -m conntrack --ctstate NEW --ctorigdstport 6379 -m comment --comment "6379/tcp new"
      [16:1049] -A BERTH-AMB-COUNT -p tcp -m conntrack --ctorigdstport 6379 --ctdir ORIGINAL -m comment --comment "6379/tcp in"
      [15:1173] -A BERTH-AMB-COUNT -p tcp -m conntrack --ctorigdstport 6379 --ctdir REPLY -m comment --comment "6379/tcp out"
      [1:33] -A BERTH-AMB-COUNT -p udp -m conntrack --ctstate NEW --ctorigdstport 53 -m comment --comment "53/udp new"
      [1:33] -A BERTH-AMB-COUNT -p udp -m conntrack --ctorigdstport 53 --ctdir ORIGINAL -m comment --comment "53/udp in"
      [0:0] -A BERTH-AMB-COUNT -p udp -m conntrack --ctorigdstport 53 --ctdir REPLY -m comment --comment "53/udp out"
      COMMIT
      """;

  @Test
  void install_freshNamespace_jumpsChainsDnatMasqueradeAndCountingRules() {
    FirewallTest.FakeIptables ipt = new FirewallTest.FakeIptables();
    new NatForwarding(ipt, "test").install(RULES);
    assertThat(ipt.batches).containsExactly("""
        *nat
        :BERTH-AMB-DNAT - [0:0]
        :BERTH-AMB-SNAT - [0:0]
        -A PREROUTING -m addrtype --dst-type LOCAL -j BERTH-AMB-DNAT
        -A POSTROUTING -j BERTH-AMB-SNAT
        -A BERTH-AMB-DNAT -p tcp -m tcp --dport 6379 -j DNAT --to-destination 172.30.0.2:6379
        -A BERTH-AMB-DNAT -p udp -m udp --dport 53 -j DNAT --to-destination 10.0.0.9:5353
        -A BERTH-AMB-SNAT -m conntrack --ctstate DNAT -j MASQUERADE
        COMMIT
        *filter
        :BERTH-AMB-COUNT - [0:0]
        -A BERTH-AMB-COUNT -p tcp -m conntrack --ctstate NEW --ctorigdstport 6379 -m comment --comment "6379/tcp new"
        -A BERTH-AMB-COUNT -p tcp -m conntrack --ctorigdstport 6379 --ctdir ORIGINAL -m comment --comment "6379/tcp in"
        -A BERTH-AMB-COUNT -p tcp -m conntrack --ctorigdstport 6379 --ctdir REPLY -m comment --comment "6379/tcp out"
        -A BERTH-AMB-COUNT -p udp -m conntrack --ctstate NEW --ctorigdstport 53 -m comment --comment "53/udp new"
        -A BERTH-AMB-COUNT -p udp -m conntrack --ctorigdstport 53 --ctdir ORIGINAL -m comment --comment "53/udp in"
        -A BERTH-AMB-COUNT -p udp -m conntrack --ctorigdstport 53 --ctdir REPLY -m comment --comment "53/udp out"
        -A FORWARD -j BERTH-AMB-COUNT
        COMMIT
        """);
  }

  @Test
  void install_afterBerthdRestart_keepsJumpsAndCountingRules_rewritesOnlyTheTargets() {
    FirewallTest.FakeIptables ipt = new FirewallTest.FakeIptables();
    ipt.tables.put("nat", """
        *nat
        :BERTH-AMB-DNAT - [0:0]
        :BERTH-AMB-SNAT - [0:0]
        -A PREROUTING -m addrtype --dst-type LOCAL -j BERTH-AMB-DNAT
        -A POSTROUTING -j BERTH-AMB-SNAT
        COMMIT
        """);
    ipt.tables.put("filter", SAVED_FILTER.replaceAll("(?m)^\\[\\d+:\\d+\\] ", ""));
    new NatForwarding(ipt, "test").install(RULES);
    assertThat(ipt.batches).singleElement().asString()
        .doesNotContain("*filter").doesNotContain("PREROUTING").contains("--to-destination 172.30.0.2:6379");
  }

  @Test
  void retarget_rewritesTheDnatChainInOneBatch_portWithoutTargetHasNoRule() {
    FirewallTest.FakeIptables ipt = new FirewallTest.FakeIptables();
    new NatForwarding(ipt, "test").retarget(List.of(new NatForwarding.Rule(6379, "tcp", "10.1.0.5", 7000),
        NatForwarding.Rule.none(80, "tcp")));
    assertThat(ipt.batches).containsExactly("""
        *nat
        :BERTH-AMB-DNAT - [0:0]
        :BERTH-AMB-SNAT - [0:0]
        -A BERTH-AMB-DNAT -p tcp -m tcp --dport 6379 -j DNAT --to-destination 10.1.0.5:7000
        -A BERTH-AMB-SNAT -m conntrack --ctstate DNAT -j MASQUERADE
        COMMIT
        """);
  }

  @Test
  void counts_readsConnectionsFromNewPacketsAndBytesPerDirection() {
    FirewallTest.FakeIptables ipt = new FirewallTest.FakeIptables();
    ipt.tables.put("filter", SAVED_FILTER);
    assertThat(new NatForwarding(ipt, "test").counts()).isEqualTo(Map.of(
        "6379/tcp", new NatForwarding.Counts(2, 1049, 1173), "53/udp", new NatForwarding.Counts(1, 33, 0)));
  }

  @Test
  void rule_targetNotIpv4_refused() {
    assertThatThrownBy(() -> new NatForwarding.Rule(80, "tcp", "redis", 80))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("redis is not an IPv4 address");
  }
}
