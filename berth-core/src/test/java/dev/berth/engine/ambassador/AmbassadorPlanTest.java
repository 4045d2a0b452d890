package dev.berth.engine.ambassador;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.proxy.Backend;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmbassadorPlanTest {
  @Test
  void of_linkVariables_oneListenerPerPort_otherLinkVariablesIgnored() {
    List<String> link = List.of("REDIS_NAME=/amb/redis", "REDIS_PORT=tcp://172.17.0.2:6379",
        "REDIS_PORT_6379_TCP=tcp://172.17.0.2:6379", "REDIS_PORT_6379_TCP_ADDR=172.17.0.2", "REDIS_PORT_6379_TCP_PORT=6379",
        "REDIS_PORT_6379_TCP_PROTO=tcp", "REDIS_ENV_OTHER_PORT_80_TCP=tcp://10.0.0.1:80");
    AmbassadorPlan plan = AmbassadorPlan.of(link, List.of("PATH=/bin"));
    assertThat(plan.listeners()).containsExactly(new AmbassadorPlan.Listener(6379, "tcp", List.of(new Backend("172.17.0.2", 6379))));
  }

  @Test
  void of_ownVariableOverridesTheLinksOfTheSameName() {
    AmbassadorPlan plan = AmbassadorPlan.of(List.of("DB_PORT_5432_TCP=tcp://172.17.0.3:5432"), List.of("DB_PORT_5432_TCP=tcp://10.1.2.3:5432"));
    assertThat(plan.listeners().getFirst().backends()).containsExactly(new Backend("10.1.2.3", 5432));
  }

  @Test
  void of_commaListsAndSeveralVariablesForOnePort_backendsInOrder() {
    AmbassadorPlan plan = AmbassadorPlan.of(List.of(), List.of("A_PORT_80_TCP=tcp://a:80, tcp://b:80", "B_PORT_80_TCP=tcp://c:8080,tcp://a:80",
        "DNS_PORT_53_UDP=udp://10.0.0.9:53"));
    assertThat(plan.listeners()).containsExactly(
        new AmbassadorPlan.Listener(80, "tcp", List.of(new Backend("a", 80), new Backend("b", 80), new Backend("c", 8080))),
        new AmbassadorPlan.Listener(53, "udp", List.of(new Backend("10.0.0.9", 53))));
  }

  @Test
  void of_noForwardingVariable_emptyPlan() {
    assertThat(AmbassadorPlan.of(List.of(), List.of("PATH=/bin", "X_PORT=tcp://a:1", "Y_PORT_80_SCTP=sctp://a:80")).isEmpty()).isTrue();
  }

  @Test
  void of_badValues_errorNamesTheVariable() {
    assertThatThrownBy(() -> AmbassadorPlan.of(List.of(), List.of("REDIS_PORT_6379_TCP=redis:6379")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("REDIS_PORT_6379_TCP=redis:6379").hasMessageContaining("is not tcp://host:port");
    assertThatThrownBy(() -> AmbassadorPlan.of(List.of(), List.of("DNS_PORT_53_UDP=tcp://a:53")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("is not udp://host:port");
    assertThatThrownBy(() -> AmbassadorPlan.of(List.of(), List.of("R_PORT_1_TCP=tcp://a:99999")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("1-65535");
    assertThatThrownBy(() -> AmbassadorPlan.of(List.of(), List.of("R_PORT_70000_TCP=tcp://a:1")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("port 70000 is out of range");
    assertThatThrownBy(() -> AmbassadorPlan.of(List.of(), List.of("R_PORT_1_TCP=tcp://a:1,")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("R_PORT_1_TCP");
  }

  @Test
  void of_modeVariable_natOrProxy_defaultProxy_linksCannotSetIt() {
    List<String> vars = List.of("R_PORT_1_TCP=tcp://a:1");
    assertThat(AmbassadorPlan.of(List.of(), vars).mode()).isEqualTo(AmbassadorPlan.Mode.PROXY);
    assertThat(AmbassadorPlan.of(List.of(), List.of("R_PORT_1_TCP=tcp://a:1", "AMBASSADOR_MODE=nat")).mode()).isEqualTo(AmbassadorPlan.Mode.NAT);
    assertThat(AmbassadorPlan.of(List.of(), List.of("AMBASSADOR_MODE=NAT", "AMBASSADOR_MODE=proxy")).mode()).isEqualTo(AmbassadorPlan.Mode.PROXY);
    assertThat(AmbassadorPlan.of(List.of("AMBASSADOR_MODE=nat", "X_ENV_AMBASSADOR_MODE=nat"), vars).mode()).isEqualTo(AmbassadorPlan.Mode.PROXY);
  }

  @Test
  void of_badMode_errorNamesTheVariableAndTheChoices() {
    assertThatThrownBy(() -> AmbassadorPlan.of(List.of(), List.of("AMBASSADOR_MODE=fast")))
        .isInstanceOf(InvalidArgumentException.class).hasMessage("ambassador: AMBASSADOR_MODE=fast: want proxy (the default) or nat");
  }

  @Test
  void json_stateWithoutMode_readsAsProxy_andNatRoundTrips() {
    AmbassadorPlan old = dev.berth.oci.Json.read("{\"Listeners\":[{\"Port\":1,\"Protocol\":\"tcp\",\"Backends\":[{\"host\":\"a\",\"port\":1}]}]}"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8), AmbassadorPlan.class);
    assertThat(old.mode()).isEqualTo(AmbassadorPlan.Mode.PROXY);
    AmbassadorPlan nat = new AmbassadorPlan(AmbassadorPlan.Mode.NAT, old.listeners());
    assertThat(new String(dev.berth.oci.Json.write(nat), java.nio.charset.StandardCharsets.UTF_8)).contains("\"Mode\":\"nat\"");
    assertThat(dev.berth.oci.Json.read(dev.berth.oci.Json.write(nat), AmbassadorPlan.class)).isEqualTo(nat);
  }
}
