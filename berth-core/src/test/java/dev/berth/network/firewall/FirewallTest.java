package dev.berth.network.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The firewall's decisions against a fake iptables whose tables are given as iptables-save text. */
class FirewallTest {
  /** Returns the given tables and records every batch. */
  static final class FakeIptables implements IptablesRunner {
    final Map<String, String> tables = new HashMap<>();
    final List<String> batches = new ArrayList<>();

    @Override
    public void restore(String action, String batch) {
      batches.add(batch);
    }

    @Override
    public String save(String table) {
      return tables.getOrDefault(table, "");
    }
  }

  private static final String INSTALLED_FILTER = """
      *filter
      :INPUT ACCEPT [0:0]
      :FORWARD DROP [0:0]
      :OUTPUT ACCEPT [0:0]
      :DOCKER-USER - [0:0]
      :BT-FORWARD - [0:0]
      :BT-ISOLATION-1 - [0:0]
      :BT-ISOLATION-2 - [0:0]
      :BTX-FORWARD - [0:0]
      -A FORWARD -j BT-FORWARD
      -A FORWARD -j BTX-FORWARD
      -A FORWARD -j DOCKER-USER
      -A BT-FORWARD -j BT-ISOLATION-1
      -A BT-FORWARD -i bt-a -j ACCEPT
      -A BTX-FORWARD -i btx-a -j ACCEPT
      COMMIT
      """;
  private static final String INSTALLED_NAT = """
      *nat
      :PREROUTING ACCEPT [0:0]
      :INPUT ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      :POSTROUTING ACCEPT [0:0]
      :BT-DNAT - [0:0]
      :BT-POSTROUTING - [0:0]
      -A PREROUTING -m addrtype --dst-type LOCAL -j BT-DNAT
      -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j BT-DNAT
      -A POSTROUTING -j BT-POSTROUTING
      -A POSTROUTING -j BT-POSTROUTING
      -A BT-DNAT -p tcp -m tcp --dport 8080 -m comment --comment "berth c=-j BT-DNAT" -j DNAT --to-destination 10.1.0.2:80
      COMMIT
      """;

  private final FakeIptables fake = new FakeIptables();
  private final Firewall firewall = new Firewall("BT", fake);

  @Test
  void install_emptyTables_createsEveryChainAndInsertsEveryJumpFirst() {
    firewall.install();

    assertThat(fake.batches).containsExactly("""
        *filter
        :BT-FORWARD - [0:0]
        :BT-ISOLATION-1 - [0:0]
        :BT-ISOLATION-2 - [0:0]
        -I FORWARD 1 -j BT-FORWARD
        COMMIT
        *nat
        :BT-DNAT - [0:0]
        :BT-POSTROUTING - [0:0]
        -I PREROUTING 1 -m addrtype --dst-type LOCAL -j BT-DNAT
        -I OUTPUT 1 ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j BT-DNAT
        -I POSTROUTING 1 -j BT-POSTROUTING
        COMMIT
        """);
  }

  @Test
  void install_chainsAndJumpsPresent_keepsThemAndRemovesOnlyTheDuplicateJump() {
    fake.tables.put("filter", INSTALLED_FILTER);
    fake.tables.put("nat", INSTALLED_NAT);

    firewall.install();

    assertThat(fake.batches).containsExactly("""
        *nat
        -D POSTROUTING -j BT-POSTROUTING
        COMMIT
        """);
  }

  @Test
  void install_everythingPresentOnce_runsNoBatch() {
    fake.tables.put("filter", INSTALLED_FILTER);
    fake.tables.put("nat", INSTALLED_NAT.replaceFirst("-A POSTROUTING -j BT-POSTROUTING\n", ""));

    firewall.install();

    assertThat(fake.batches).isEmpty();
  }

  @Test
  void install_withoutUserlandProxyOverTheProxysJump_insertsTheLoopbackJumpAndDeletesTheOldOne() {
    fake.tables.put("filter", INSTALLED_FILTER);
    fake.tables.put("nat", INSTALLED_NAT.replaceFirst("-A POSTROUTING -j BT-POSTROUTING\n", ""));

    new Firewall("BT", true, fake).install();

    assertThat(fake.batches).containsExactly("""
        *nat
        -I OUTPUT 1 -m addrtype --dst-type LOCAL -j BT-DNAT
        -D OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j BT-DNAT
        COMMIT
        *raw
        :BT-LOCALNET - [0:0]
        -I PREROUTING 1 -j BT-LOCALNET
        COMMIT
        """);
  }

  @Test
  void install_withUserlandProxyOverTheLoopbackJump_putsBackTheJumpThatSkipsLoopback() {
    fake.tables.put("filter", INSTALLED_FILTER);
    fake.tables.put("nat", INSTALLED_NAT.replaceFirst("-A POSTROUTING -j BT-POSTROUTING\n", "")
        .replace("-A OUTPUT ! -d 127.0.0.0/8 -m", "-A OUTPUT -m"));

    firewall.install();

    assertThat(fake.batches).containsExactly("""
        *nat
        -I OUTPUT 1 ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j BT-DNAT
        -D OUTPUT -m addrtype --dst-type LOCAL -j BT-DNAT
        COMMIT
        """);
  }

  @Test
  void install_withUserlandProxyOverALoopbackRun_deletesTheRawJumpAndChain() {
    fake.tables.put("filter", INSTALLED_FILTER);
    fake.tables.put("nat", INSTALLED_NAT.replaceFirst("-A POSTROUTING -j BT-POSTROUTING\n", ""));
    fake.tables.put("raw", """
        *raw
        :PREROUTING ACCEPT [0:0]
        :BT-LOCALNET - [0:0]
        :BTX-LOCALNET - [0:0]
        -A PREROUTING -j BT-LOCALNET
        -A PREROUTING -j BTX-LOCALNET
        -A BT-LOCALNET -d 127.0.0.0/8 -i bt-a -j DROP
        COMMIT
        """);

    firewall.install();

    assertThat(fake.batches).containsExactly("""
        *raw
        -D PREROUTING -j BT-LOCALNET
        -F BT-LOCALNET
        -X BT-LOCALNET
        COMMIT
        """);
  }

  @Test
  void uninstall_installedChains_deletesJumpsThenFlushesAndDeletesOnlyOurChains() {
    fake.tables.put("filter", INSTALLED_FILTER);
    fake.tables.put("nat", INSTALLED_NAT);

    firewall.uninstall();

    assertThat(fake.batches).containsExactly("""
        *filter
        -D FORWARD -j BT-FORWARD
        -F BT-FORWARD
        -F BT-ISOLATION-1
        -F BT-ISOLATION-2
        -X BT-FORWARD
        -X BT-ISOLATION-1
        -X BT-ISOLATION-2
        COMMIT
        *nat
        -D PREROUTING -m addrtype --dst-type LOCAL -j BT-DNAT
        -D OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j BT-DNAT
        -D POSTROUTING -j BT-POSTROUTING
        -D POSTROUTING -j BT-POSTROUTING
        -F BT-DNAT
        -F BT-POSTROUTING
        -X BT-DNAT
        -X BT-POSTROUTING
        COMMIT
        """);
  }

  @Test
  void uninstall_nothingInstalled_runsNoBatch() {
    fake.tables.put("filter", INSTALLED_FILTER.replace("BT-", "BTY-"));

    firewall.uninstall();

    assertThat(fake.batches).isEmpty();
  }

  @Test
  void dump_installedTables_showsOnlyOurChainsJumpsAndRules() {
    fake.tables.put("filter", INSTALLED_FILTER);
    fake.tables.put("nat", INSTALLED_NAT);

    assertThat(firewall.dump()).isEqualTo("""
        *filter
        :BT-FORWARD - [0:0]
        :BT-ISOLATION-1 - [0:0]
        :BT-ISOLATION-2 - [0:0]
        -A FORWARD -j BT-FORWARD
        -A BT-FORWARD -j BT-ISOLATION-1
        -A BT-FORWARD -i bt-a -j ACCEPT
        COMMIT
        *nat
        :BT-DNAT - [0:0]
        :BT-POSTROUTING - [0:0]
        -A PREROUTING -m addrtype --dst-type LOCAL -j BT-DNAT
        -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j BT-DNAT
        -A POSTROUTING -j BT-POSTROUTING
        -A POSTROUTING -j BT-POSTROUTING
        -A BT-DNAT -p tcp -m tcp --dport 8080 -m comment --comment "berth c=-j BT-DNAT" -j DNAT --to-destination 10.1.0.2:80
        COMMIT
        """);
  }

  @Test
  void apply_state_runsTheRenderedBatch() {
    firewall.apply(RulesRendererTest.sample());

    assertThat(fake.batches).containsExactly(new RulesRenderer(new ChainNames("BT")).render(RulesRendererTest.sample()));
  }

  @Test
  void constructor_prefixTooLongOrWithDash_isRejected() {
    assertThatThrownBy(() -> new Firewall("ABCDEFGHIJKLMNO", fake))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("ABCDEFGHIJKLMNO");
    assertThatThrownBy(() -> new Firewall("B-T", fake)).isInstanceOf(InvalidArgumentException.class);
  }
}
