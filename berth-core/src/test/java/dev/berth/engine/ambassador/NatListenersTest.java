package dev.berth.engine.ambassador;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.network.firewall.NatForwarding;
import dev.berth.proxy.Backend;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** How NAT mode picks the one target its DNAT rule points at. */
class NatListenersTest {
  private static final Backend A = new Backend("a", 6379);
  private static final Backend B = new Backend("b", 7000);
  private static final Backend C = new Backend("c", 6379);
  private static final Function<Backend, String> DNS = b -> Map.of("a", "10.0.0.1", "b", "10.0.0.2").get(b.host());
  private static final AmbassadorPlan.Listener TCP = new AmbassadorPlan.Listener(6379, "tcp", List.of(A, B));

  @Test
  void choose_nothingDown_firstBackend() {
    assertThat(NatListeners.choose(TCP, Set.of(), DNS)).isEqualTo(new NatForwarding.Rule(6379, "tcp", "10.0.0.1", 6379));
  }

  @Test
  void choose_firstDown_secondWithItsOwnPort() {
    assertThat(NatListeners.choose(TCP, Set.of(A), DNS)).isEqualTo(new NatForwarding.Rule(6379, "tcp", "10.0.0.2", 7000));
  }

  @Test
  void choose_allDown_firstStill() {
    assertThat(NatListeners.choose(TCP, Set.of(A, B), DNS)).isEqualTo(new NatForwarding.Rule(6379, "tcp", "10.0.0.1", 6379));
  }

  @Test
  void choose_unresolvableFirst_skipped_noneResolves_noTarget() {
    AmbassadorPlan.Listener l = new AmbassadorPlan.Listener(6379, "tcp", List.of(C, B));
    assertThat(NatListeners.choose(l, Set.of(), DNS).address()).isEqualTo("10.0.0.2");
    AmbassadorPlan.Listener none = new AmbassadorPlan.Listener(6379, "tcp", List.of(C));
    assertThat(NatListeners.choose(none, Set.of(), DNS)).isEqualTo(NatForwarding.Rule.none(6379, "tcp"));
  }

  @Test
  void choose_udp_alwaysItsFirstBackend() {
    AmbassadorPlan.Listener udp = new AmbassadorPlan.Listener(53, "udp", List.of(A, B));
    assertThat(NatListeners.choose(udp, Set.of(A), DNS).address()).isEqualTo("10.0.0.1");
  }

  @Test
  void ipv4_literalAndUnknownHost() {
    assertThat(NatListeners.ipv4(new Backend("192.0.2.7", 1))).isEqualTo("192.0.2.7");
    assertThat(NatListeners.ipv4(new Backend("no-such-host.invalid", 1))).isNull();
  }
}
