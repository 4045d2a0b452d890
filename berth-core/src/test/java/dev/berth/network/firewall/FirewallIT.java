package dev.berth.network.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.SystemException;
import dev.berth.network.Subnet;
import dev.berth.network.firewall.FirewallState.BridgeNet;
import dev.berth.network.firewall.FirewallState.PublishedPort;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The firewall against the host's real iptables (nf_tables): what lands in {@code iptables-save}. Each test
 * uses chain prefixes of its own ("BT" + 4 random letters) and removes them afterwards, even on failure.
 */
class FirewallIT {
  private final List<Firewall> created = new ArrayList<>();

  @AfterEach
  void removeChains() {
    for (Firewall f : created) {
      try {
        f.uninstall();
      } catch (RuntimeException e) {
        System.err.println("cleanup of " + f.prefix() + " failed: " + e.getMessage());
      }
      assertThat(linesWith(f.prefix())).as("rules left by %s", f.prefix()).isEmpty();
    }
  }

  private Firewall firewall() {
    Firewall f = new Firewall("BT" + NetLab.randomLetters(4).toUpperCase(Locale.ROOT));
    created.add(f);
    return f;
  }

  static FirewallState state(String bridgePrefix, int octet, int ports) {
    List<BridgeNet> nets = List.of(
        new BridgeNet(bridgePrefix + "a", Subnet.parse("10." + octet + ".1.0/24"), false),
        new BridgeNet(bridgePrefix + "b", Subnet.parse("10." + octet + ".2.0/24"), false),
        new BridgeNet(bridgePrefix + "i", Subnet.parse("10." + octet + ".3.0/24"), true));
    List<PublishedPort> published = new ArrayList<>();
    for (int i = 0; i < ports; i++) {
      published.add(new PublishedPort(i % 2 == 0 ? "tcp" : "udp", i % 3 == 0 ? "192.0.2.2" : "0.0.0.0", 30000 + i,
          "10." + octet + ".1." + (2 + i), 80, bridgePrefix + "a", "c" + i));
    }
    return new FirewallState(nets, published);
  }

  @Test
  void install_twice_addsEachChainAndJumpOnce() {
    Firewall f = firewall();
    f.install();
    f.install();

    String p = f.prefix();
    String save = save();
    for (String line : List.of("-A FORWARD -j " + p + "-FORWARD",
        "-A PREROUTING -m addrtype --dst-type LOCAL -j " + p + "-DNAT",
        "-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j " + p + "-DNAT",
        "-A POSTROUTING -j " + p + "-POSTROUTING",
        ":" + p + "-FORWARD - [0:0]", ":" + p + "-ISOLATION-1 - [0:0]", ":" + p + "-ISOLATION-2 - [0:0]",
        ":" + p + "-DNAT - [0:0]", ":" + p + "-POSTROUTING - [0:0]")) {
      assertThat(save.lines().filter(line::equals)).as(line).hasSize(1);
    }
    assertThat(linesWith(p)).hasSize(9);
  }

  @Test
  void install_byARestartedDaemon_reusesTheChainsAndTheirRules() {
    Firewall first = firewall();
    first.install();
    first.apply(state("bt" + NetLab.randomLetters(3), 201, 2));
    String before = first.dump();

    new Firewall(first.prefix()).install();

    assertThat(first.dump()).isEqualTo(before).contains("MASQUERADE");
  }

  @Test
  void apply_twice_givesTheSameRulesetWithNoDuplicates() {
    Firewall f = firewall();
    f.install();
    FirewallState s = state("bt" + NetLab.randomLetters(3), 202, 4);
    f.apply(s);
    String once = f.dump();
    f.apply(s);

    assertThat(f.dump()).isEqualTo(once);
    List<String> rendered = new RulesRenderer(new ChainNames(f.prefix())).render(s).lines()
        .filter(l -> l.startsWith("-A ")).sorted().toList();
    List<String> installed = once.lines()
        .filter(l -> l.startsWith("-A " + f.prefix() + "-")).sorted().toList();
    assertThat(installed).isEqualTo(rendered);
  }

  @Test
  void apply_smallerState_replacesTheOldRules() {
    Firewall f = firewall();
    f.install();
    f.apply(state("bt" + NetLab.randomLetters(3), 203, 3));

    f.apply(FirewallState.EMPTY);

    assertThat(f.dump().lines().filter(l -> l.startsWith("-A " + f.prefix() + "-")))
        .containsExactly("-A " + f.prefix() + "-FORWARD -j " + f.prefix() + "-ISOLATION-1");
  }

  @Test
  void twoPrefixes_uninstallOfOne_leavesTheOthersRulesIntact() {
    Firewall a = firewall();
    Firewall b = firewall();
    a.install();
    b.install();
    a.apply(state("bt" + NetLab.randomLetters(3), 204, 2));
    b.apply(state("bt" + NetLab.randomLetters(3), 205, 3));
    List<String> bLines = linesWith(b.prefix());

    a.uninstall();

    assertThat(linesWith(a.prefix())).isEmpty();
    assertThat(linesWith(b.prefix())).isEqualTo(bLines).hasSizeGreaterThan(20);
  }

  @Test
  void uninstall_leavesNothingWithThePrefixAndNeverChangesAPolicy() {
    List<String> policies = policies();
    Firewall f = firewall();
    f.install();
    f.apply(state("bt" + NetLab.randomLetters(3), 206, 2));

    f.uninstall();
    f.uninstall();

    assertThat(linesWith(f.prefix())).isEmpty();
    assertThat(f.dump()).isEmpty();
    assertThat(policies()).isEqualTo(policies);
  }

  @Test
  void restore_batchRefusedByRealIptables_namesTheLineAndChangesNothing() {
    String chain = "BT" + NetLab.randomLetters(4).toUpperCase(Locale.ROOT) + "-NONE";
    String batch = "*filter\n:" + chain + "-NEW - [0:0]\n-A " + chain + " -j ACCEPT\nCOMMIT\n";

    assertThatThrownBy(() -> ProcessIptables.system().restore("apply the test batch", batch))
        .isInstanceOf(SystemException.class)
        .hasMessageStartingWith("apply the test batch: iptables-restore failed (exit ")
        .hasMessageContaining("at line 3 (-A " + chain + " -j ACCEPT)");
    assertThat(save()).doesNotContain(chain);
  }

  @Test
  void apply_medianOf20_isWellUnderASecond() {
    Firewall f = firewall();
    f.install();
    FirewallState s = state("bt" + NetLab.randomLetters(3), 207, 10);
    long[] nanos = new long[20];
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      f.apply(s);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    double medianMs = (nanos[9] + nanos[10]) / 2e6;
    System.out.printf("FirewallIT: apply() of 3 networks + 10 ports (%d rules): median %.1f ms, min %.1f ms,"
        + " max %.1f ms over 20%n", f.dump().lines().filter(l -> l.startsWith("-A ")).count(), medianMs,
        nanos[0] / 1e6, nanos[19] / 1e6);

    assertThat(medianMs).isLessThan(1000);
  }

  private static String save() {
    NetLab.Run r = NetLab.run("iptables-save");
    assertThat(r.exit()).as(r.output()).isZero();
    return r.output();
  }

  /** Every line of iptables-save that names one of {@code prefix}'s chains. */
  static List<String> linesWith(String prefix) {
    return save().lines().filter(l -> l.contains(prefix + "-")).toList();
  }

  private static List<String> policies() {
    return save().lines().filter(l -> l.matches(":(INPUT|FORWARD|OUTPUT|PREROUTING|POSTROUTING) .*"))
        .map(l -> l.replaceAll(" \\[.*", "")).toList();
  }
}
