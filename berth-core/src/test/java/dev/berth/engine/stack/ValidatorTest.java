package dev.berth.engine.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.network.PortMapping;
import dev.berth.stack.NetworkDecl;
import dev.berth.stack.StackFile;
import dev.berth.stack.StackFileException.Problem;
import dev.berth.stack.StackLocation;
import dev.berth.stack.VolumeDecl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What refuses a stack before anything changes, against hand-made host states. */
class ValidatorTest {
  private final List<HostState.Other> others = new ArrayList<>();
  private Set<String> networks = Set.of("bridge");
  private Set<String> volumes = Set.of();

  private List<String> problems(StackFile stack) {
    HostState host = new HostState(List.of(), others, networks, volumes, Map.of());
    return Validator.problems(new StackNames("p", stack), host).stream().map(Problem::toString).toList();
  }

  private static StackFile stack(List<VolumeDecl> volumes, List<NetworkDecl> networks, Svc... services) {
    return new StackFile(null, java.util.Arrays.stream(services).map(Svc::build).toList(), volumes, networks);
  }

  @Test
  void problems_validStack_none() {
    assertThat(problems(stack(null, null, Svc.of("web", "busybox").port(8080, 80)))).isEmpty();
  }

  @Test
  void problems_hostPortOfARunningContainerOutsideTheProject_refused() {
    others.add(new HostState.Other("a".repeat(64), "other", null, true, List.of(new PortMapping("tcp", 80, "0.0.0.0", 8080))));
    assertThat(problems(stack(null, null, Svc.of("web", "busybox").port(8080, 80).line(4))))
        .containsExactly("stack.yml:4: service web: host port 8080/tcp is already published by container other (aaaaaaaaaaaa)");
  }

  @Test
  void problems_hostPortOfAStoppedContainer_allowed() {
    others.add(new HostState.Other("a".repeat(64), "other", null, false, List.of(new PortMapping("tcp", 80, "0.0.0.0", 8080))));
    assertThat(problems(stack(null, null, Svc.of("web", "busybox").port(8080, 80)))).isEmpty();
  }

  @Test
  void problems_containerNameHeldOutsideTheProject_refused() {
    others.add(new HostState.Other("b".repeat(64), "p-web-1", null, false, List.of()));
    assertThat(problems(stack(null, null, Svc.of("web", "busybox").line(2)))).containsExactly(
        "stack.yml:2: service web: the container name p-web-1 is taken by container bbbbbbbbbbbb, which is not part of project p");
  }

  @Test
  void problems_missingExternalNetworkAndVolume_refusedAtTheirDeclarations() {
    StackFile s = stack(List.of(new VolumeDecl("home", true, "home", null, null, null, new StackLocation("stack.yml", 12))),
        List.of(new NetworkDecl("lan", true, "lan0", null, false, null, null, null, new StackLocation("stack.yml", 9))),
        Svc.of("web", "busybox").network("lan").volume("home", "/home"));
    assertThat(problems(s)).containsExactly(
        "stack.yml:9: external network lan0 not found: create it first (berth network create lan0)",
        "stack.yml:12: external volume home not found: create it first (berth volume create home)");
    networks = Set.of("lan0");
    volumes = Set.of("home");
    assertThat(problems(s)).isEmpty();
  }

  @Test
  void problems_undeclaredNetworkAndVolume_refused() {
    assertThat(problems(stack(null, null, Svc.of("web", "busybox").network("back").volume("data", "/d").line(3))))
        .containsExactly("stack.yml:3: service web uses undeclared network back", "stack.yml:3: service web uses undeclared volume data");
  }

  @Test
  void problems_valueTheEngineRefuses_namesTheService() {
    assertThat(problems(stack(null, null, Svc.of("web", "busybox").restart("sometimes").line(5))))
        .singleElement().asString().startsWith("stack.yml:5: service web: invalid restart policy 'sometimes'");
  }

  @Test
  void problems_cycleAndUnknownService_reported() {
    assertThat(problems(stack(null, null, Svc.of("a", "busybox").dependsOn("ghost").line(1))))
        .containsExactly("stack.yml:1: service a depends on undefined service ghost");
  }
}
