package dev.berth.network.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.network.Subnet;
import dev.berth.network.firewall.FirewallState.BridgeNet;
import dev.berth.network.firewall.FirewallState.PublishedPort;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules end to end, with packets, in a private "host" namespace whose FORWARD policy each subclass sets
 * (ACCEPT as on a bare host, DROP as on a host running dockerd). Two bridge networks A (containers a1, a2) and B (b1), an internal
 * network I (i1), and an "outside" namespace joined to the host by a veth, all made for the test; every
 * container runs busybox httpd whose CGI answers with the client address it saw. a1 publishes port 80 on
 * every host address (hostPort1) and on network A's gateway address only (hostPort2).
 */
abstract class FirewallTrafficCases {
  private NetLab lab;
  private Firewall firewall;
  private String a1;
  private String a2;
  private String b1;
  private String i1;
  private String out;
  private int hostPort1;
  private int hostPort2;

  /** The private host's FORWARD policy, which the firewall must never need to change. */
  abstract String forwardPolicy();

  @BeforeEach
  void buildNetwork() throws Exception {
    lab = new NetLab(forwardPolicy());
    firewall = new Firewall("BT" + NetLab.randomLetters(4).toUpperCase(Locale.ROOT), lab.iptables());
    String brA = lab.bridge('a', 1);
    String brB = lab.bridge('b', 2);
    String brI = lab.bridge('i', 3);
    a1 = lab.container("a1", brA, 1, 2);
    a2 = lab.container("a2", brA, 1, 3);
    b1 = lab.container("b1", brB, 2, 2);
    i1 = lab.container("i1", brI, 3, 2);
    out = lab.outside("out", 99);
    for (String ns : List.of(a1, a2, b1, i1, out)) lab.httpd(ns);
    hostPort1 = ThreadLocalRandom.current().nextInt(20000, 30000);
    hostPort2 = hostPort1 + 1;
    firewall.install();
    firewall.apply(new FirewallState(
        List.of(new BridgeNet(brA, Subnet.parse(lab.ip(1, 0) + "/24"), false),
            new BridgeNet(brB, Subnet.parse(lab.ip(2, 0) + "/24"), false),
            new BridgeNet(brI, Subnet.parse(lab.ip(3, 0) + "/24"), true)),
        List.of(new PublishedPort("tcp", "0.0.0.0", hostPort1, lab.ip(1, 2), 80, brA, "a1"),
            new PublishedPort("tcp", lab.ip(1, 1), hostPort2, lab.ip(1, 2), 80, brA, "a1"))));
  }

  @AfterEach
  void tearDown() throws Exception {
    String left = "";
    try {
      if (firewall != null) {
        firewall.uninstall();
        left = lab.iptables().save("filter") + lab.iptables().save("nat");
      }
    } finally {
      if (lab != null) lab.close();
    }
    if (firewall != null) {
      assertThat(left).doesNotContain(firewall.prefix() + "-").contains(":FORWARD " + forwardPolicy());
      assertThat(FirewallIT.linesWith(firewall.prefix())).as("nothing on the real host").isEmpty();
    }
    if (lab != null) assertThat(lab.leftovers()).isEmpty();
  }

  @Test
  void bridgeNetwork_toAnotherNamespace_isMasqueradedBehindTheHost() {
    assertThat(lab.fetch(a1, lab.ip(99, 2))).isEqualTo(lab.ip(99, 1));
  }

  @Test
  void uninstall_removesTheMasqueradeAndTheAccepts() {
    firewall.uninstall();

    // unmasqueraded under ACCEPT; not forwarded at all under DROP, once Berth's ACCEPTs are gone
    String expected = forwardPolicy().equals("ACCEPT") ? lab.ip(1, 2) : null;
    assertThat(lab.fetch(a1, lab.ip(99, 2))).isEqualTo(expected);
  }

  @Test
  void twoBridgeNetworks_areIsolatedButOneNetworkIsOpenWithin() {
    assertThat(lab.fetch(a2, lab.ip(1, 2))).isEqualTo(lab.ip(1, 3));
    assertThat(lab.fetch(b1, lab.ip(1, 2))).isNull();
    assertThat(lab.fetch(a1, lab.ip(2, 2))).isNull();
  }

  @Test
  void internalNetwork_hasNoWayOutAndNoWayInFromOtherNamespaces() {
    assertThat(lab.fetch(i1, lab.ip(99, 2))).isNull();
    assertThat(lab.fetch(out, lab.ip(3, 2))).isNull();
    assertThat(lab.fetch(a1, lab.ip(3, 2))).isNull();
    assertThat(lab.fetch(null, lab.ip(3, 2))).as("the host itself still reaches it").isEqualTo(lab.ip(3, 1));
  }

  @Test
  void publishedPort_fromAnotherNamespace_isDnatedToTheContainerKeepingTheSource() {
    assertThat(lab.fetch(out, lab.ip(99, 1) + ":" + hostPort1)).isEqualTo(lab.ip(99, 2));
    assertThat(lab.fetch(out, lab.ip(1, 1) + ":" + hostPort1)).isEqualTo(lab.ip(99, 2));
  }

  @Test
  void publishedPort_onOneHostIp_answersOnlyThere() {
    assertThat(lab.fetch(out, lab.ip(1, 1) + ":" + hostPort2)).isEqualTo(lab.ip(99, 2));
    assertThat(lab.fetch(out, lab.ip(99, 1) + ":" + hostPort2)).isNull();
  }

  @Test
  void publishedPort_fromTheHost_isDnatedExceptOnLoopback() {
    assertThat(lab.fetch(null, lab.ip(99, 1) + ":" + hostPort1)).isEqualTo(lab.ip(99, 1));
    assertThat(lab.fetch(null, "127.0.0.1:" + hostPort1)).as("loopback is the userland proxy's").isNull();
  }

  @Test
  void publishedPort_fromItsOwnContainer_hairpinsThroughTheGateway() {
    assertThat(lab.fetch(a1, lab.ip(1, 1) + ":" + hostPort1)).isEqualTo(lab.ip(1, 1));
    assertThat(lab.fetch(a2, lab.ip(1, 1) + ":" + hostPort1)).isEqualTo(lab.ip(1, 3));
  }
}
