package dev.berth.engine.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.container.Healthcheck;
import dev.berth.stack.NetworkDecl;
import dev.berth.stack.Service;
import dev.berth.stack.StackFile;
import dev.berth.stack.VolumeDecl;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class CanonicalConfigTest {
  private static final List<VolumeDecl> VOLUMES = List.of(new VolumeDecl("data", false, null, null, null, null, null));
  private static final List<NetworkDecl> NETWORKS = List.of(new NetworkDecl("front", false, null, null, false, null, null, null, null));

  private static String hash(Svc s) {
    Service service = s.build();
    StackFile stack = new StackFile(null, List.of(service), VOLUMES, NETWORKS);
    return CanonicalConfig.hash(CanonicalConfig.of(service, new StackNames("p", stack)));
  }

  private static Svc base() {
    return Svc.of("web", "busybox").command("sh", "-c", "sleep 1").env("A", "1").env("B", "2").port(8080, 80)
        .volume("data", "/data").network("front", "www");
  }

  @Test
  void hash_sameService_sameHash() {
    assertThat(hash(base())).isEqualTo(hash(base())).hasSize(64);
  }

  @Test
  void hash_environmentInAnotherOrder_sameHash() {
    Svc other = Svc.of("web", "busybox").command("sh", "-c", "sleep 1").env("B", "2").env("A", "1").port(8080, 80)
        .volume("data", "/data").network("front", "www");
    assertThat(hash(other)).isEqualTo(hash(base()));
  }

  static Stream<Arguments> changes() {
    return Stream.<Arguments>of(
        Arguments.of("image", (Consumer<Svc>) s -> s.image = "busybox:1"),
        Arguments.of("command", (Consumer<Svc>) s -> s.command("true")),
        Arguments.of("entrypoint", (Consumer<Svc>) s -> s.entrypoint = List.of("/bin/sh")),
        Arguments.of("environment", (Consumer<Svc>) s -> s.env("A", "3")),
        Arguments.of("ports", (Consumer<Svc>) s -> s.port(9090, 90)),
        Arguments.of("expose", (Consumer<Svc>) s -> s.expose.add("81")),
        Arguments.of("volumes", (Consumer<Svc>) s -> s.bind("/srv", "/srv")),
        Arguments.of("volumes_from", (Consumer<Svc>) s -> s.volumesFrom("other")),
        Arguments.of("links", (Consumer<Svc>) s -> s.link("db", "database")),
        Arguments.of("networks", (Consumer<Svc>) s -> s.networks.set(0, new Service.ServiceNetwork("front", List.of("w3")))),
        Arguments.of("restart", (Consumer<Svc>) s -> s.restart("always")),
        Arguments.of("healthcheck", (Consumer<Svc>) s -> s.healthcheck(new Healthcheck(List.of("CMD", "true"), 0, 0, 0, 0, 0))),
        Arguments.of("labels", (Consumer<Svc>) s -> s.labels.put("x", "y")),
        Arguments.of("hostname", (Consumer<Svc>) s -> s.hostname = "h"),
        Arguments.of("user", (Consumer<Svc>) s -> s.user = "1000"),
        Arguments.of("working_dir", (Consumer<Svc>) s -> s.workingDir = "/w"),
        Arguments.of("privileged", (Consumer<Svc>) s -> s.privileged = true),
        Arguments.of("cap_add", (Consumer<Svc>) s -> s.capAdd.add("NET_ADMIN")),
        Arguments.of("cap_drop", (Consumer<Svc>) s -> s.capDrop.add("CHOWN")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void hash_oneFieldChanged_otherHashAndThatFieldNamed(String field, Consumer<Svc> change) {
    Svc changed = base();
    change.accept(changed);
    assertThat(hash(changed)).isNotEqualTo(hash(base()));
    Service a = base().build();
    Service b = changed.build();
    StackFile stack = new StackFile(null, List.of(a), VOLUMES, NETWORKS);
    StackNames names = new StackNames("p", stack);
    assertThat(CanonicalConfig.changedFields(CanonicalConfig.of(a, names), CanonicalConfig.of(b, names))).containsExactly(field);
  }

  @Test
  void hash_dependsOnOnly_sameHash() {
    assertThat(hash(base().dependsOn("db"))).isEqualTo(hash(base()));
  }

  @Test
  void of_namesAreResolved_inTheProjectsNames() {
    Service s = base().link("db", "database").volumesFrom("home:ro").build();
    String json = CanonicalConfig.of(s, new StackNames("p", new StackFile(null, List.of(s), VOLUMES, NETWORKS)));
    assertThat(json).contains("\"p_front\":[\"web\",\"www\"]", "volume:p_data:/data", "\"p-db-1:database\"", "\"p-home-1:ro\"");
  }

  @Test
  void changedFields_unknownOldForm_isEmpty() {
    assertThat(CanonicalConfig.changedFields(null, "{}")).isEmpty();
    assertThat(CanonicalConfig.changedFields("not json", "{}")).isEmpty();
  }
}
