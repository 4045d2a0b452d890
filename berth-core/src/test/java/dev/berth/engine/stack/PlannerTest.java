package dev.berth.engine.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.StackService.Action;
import dev.berth.engine.StackService.Kind;
import dev.berth.engine.StackService.Plan;
import dev.berth.engine.StackService.PlannedStep;
import dev.berth.oci.Digest;
import dev.berth.stack.NetworkDecl;
import dev.berth.stack.Service;
import dev.berth.stack.StackFile;
import dev.berth.stack.VolumeDecl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner against hand-made host states: what each difference between host and stack turns into. */
class PlannerTest {
  private static final Digest BUSYBOX = Digest.sha256("busybox".getBytes(StandardCharsets.UTF_8));
  private static final Digest OTHER = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));

  private final List<HostState.Observed> containers = new ArrayList<>();
  private final Set<String> networks = new java.util.HashSet<>(Set.of("bridge", "host", "none"));
  private final Set<String> volumes = new java.util.HashSet<>();
  private final Map<String, Optional<Digest>> images = new HashMap<>(Map.of("busybox", Optional.of(BUSYBOX)));

  private static StackFile stack(Svc... services) {
    return new StackFile(null, java.util.Arrays.stream(services).map(Svc::build).toList(),
        List.of(new VolumeDecl("data", false, null, null, null, null, null),
            new VolumeDecl("shared", true, "shared-home", null, null, null, null)),
        List.of(new NetworkDecl("front", false, null, null, false, null, null, null, null)));
  }

  private Plan plan(StackFile stack, boolean removeOrphans) {
    HostState host = new HostState(containers, List.of(), networks, volumes, images);
    return Planner.plan(new StackNames("p", stack), host, removeOrphans).toPlan();
  }

  /** The host after an apply of {@code stack}: every service's container running with its hash and image. */
  private void converged(StackFile stack) {
    StackNames names = new StackNames("p", stack);
    for (Service s : stack.services()) {
      String canonical = CanonicalConfig.of(s, names);
      containers.add(new HostState.Observed("%064d".formatted(containers.size() + 1), names.container(s.name()), s.name(), "1",
          true, "running", CanonicalConfig.hash(canonical), canonical, BUSYBOX));
    }
    networks.addAll(Set.of("p_default", "p_front"));
    volumes.addAll(Set.of("p_data", "shared-home"));
  }

  private static PlannedStep step(Plan plan, String name) {
    return plan.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no step " + name + " in " + plan));
  }

  @Test
  void plan_emptyHost_createsNetworksVolumesAndServicesInOrder() {
    Plan plan = plan(stack(Svc.of("web", "busybox").dependsOn("db").network("front"), Svc.of("db", "busybox").volume("data", "/d")), false);
    assertThat(plan.steps()).containsExactly(
        new PlannedStep(Kind.NETWORK, "p_front", Action.CREATE, "not found"),
        new PlannedStep(Kind.NETWORK, "p_default", Action.CREATE, "not found"),
        new PlannedStep(Kind.VOLUME, "p_data", Action.CREATE, "not found"),
        new PlannedStep(Kind.SERVICE, "db", Action.CREATE, "no container"),
        new PlannedStep(Kind.SERVICE, "web", Action.CREATE, "no container"));
    assertThat(plan.unchanged()).isFalse();
  }

  @Test
  void plan_defaultNetworkUnused_isNotCreated() {
    Plan plan = plan(stack(Svc.of("web", "busybox").network("front")), false);
    assertThat(plan.steps()).extracting(PlannedStep::name).doesNotContain("p_default");
  }

  @Test
  void plan_convergedHost_keepsEverything() {
    StackFile s = stack(Svc.of("web", "busybox").network("front"), Svc.of("db", "busybox").volume("data", "/d").volume("shared", "/h"));
    converged(s);
    Plan plan = plan(s, false);
    assertThat(plan.unchanged()).isTrue();
    assertThat(step(plan, "shared-home")).isEqualTo(new PlannedStep(Kind.VOLUME, "shared-home", Action.KEEP, "external"));
    assertThat(step(plan, "web").reason()).isEqualTo("up to date");
  }

  @Test
  void plan_environmentChanged_recreatesOnlyThatServiceNamingTheField() {
    converged(stack(Svc.of("web", "busybox"), Svc.of("db", "busybox").env("A", "1")));
    Plan plan = plan(stack(Svc.of("web", "busybox"), Svc.of("db", "busybox").env("A", "2")), false);
    assertThat(step(plan, "db")).isEqualTo(new PlannedStep(Kind.SERVICE, "db", Action.RECREATE, "config changed: environment"));
    assertThat(step(plan, "web").action()).isEqualTo(Action.KEEP);
  }

  @Test
  void plan_containerWithoutBerthsConfigLabel_saysOnlyConfigChanged() {
    StackFile s = stack(Svc.of("web", "busybox"));
    containers.add(new HostState.Observed("%064d".formatted(1), "p-web-1", "web", "1", true, "running", "0ld", null, BUSYBOX));
    assertThat(step(plan(s, false), "web")).isEqualTo(new PlannedStep(Kind.SERVICE, "web", Action.RECREATE, "config changed"));
  }

  @Test
  void plan_tagNowPointsAtAnotherImage_recreatesNamingBothIds() {
    StackFile s = stack(Svc.of("web", "busybox"));
    converged(s);
    images.put("busybox", Optional.of(OTHER));
    assertThat(step(plan(s, false), "web")).isEqualTo(new PlannedStep(Kind.SERVICE, "web", Action.RECREATE,
        "image changed: " + BUSYBOX.shortId() + " -> " + OTHER.shortId()));
  }

  @Test
  void plan_imageGoneButContainerMatches_keepsIt() {
    StackFile s = stack(Svc.of("web", "busybox"));
    converged(s);
    images.put("busybox", Optional.empty());
    assertThat(step(plan(s, false), "web").action()).isEqualTo(Action.KEEP);
  }

  @Test
  void plan_missingImage_createIsPlannedAndTheReasonSaysSo() {
    assertThat(step(plan(stack(Svc.of("web", "nope:1")), false), "web"))
        .isEqualTo(new PlannedStep(Kind.SERVICE, "web", Action.CREATE, "no container (image nope:1 not found)"));
  }

  @Test
  void plan_stoppedContainer_isStarted() {
    StackFile s = stack(Svc.of("web", "busybox"));
    converged(s);
    HostState.Observed c = containers.removeFirst();
    containers.add(new HostState.Observed(c.id(), c.name(), c.service(), "1", false, "exited", c.configHash(), c.config(), c.imageId()));
    assertThat(step(plan(s, false), "web")).isEqualTo(new PlannedStep(Kind.SERVICE, "web", Action.START, "container exited"));
  }

  @Test
  void plan_orphan_keptUnlessAskedThenRemoved() {
    converged(stack(Svc.of("web", "busybox"), Svc.of("old", "busybox")));
    StackFile now = stack(Svc.of("web", "busybox"));
    assertThat(step(plan(now, false), "p-old-1")).isEqualTo(new PlannedStep(Kind.SERVICE, "p-old-1", Action.KEEP,
        "orphan: service old is not in the stack, kept (use --remove-orphans)"));
    assertThat(step(plan(now, true), "p-old-1")).isEqualTo(new PlannedStep(Kind.SERVICE, "p-old-1", Action.REMOVE,
        "orphan: service old is not in the stack"));
  }

  @Test
  void plan_buildOnlyService_usesTheProjectImageName() {
    Svc s = Svc.of("app", null);
    s.build = new Service.BuildSpec("/src/app", null, null, null);
    images.put("p-app", Optional.of(OTHER));
    StackPlan plan = Planner.plan(new StackNames("p", stack(s)), new HostState(containers, List.of(), networks, volumes, images), false);
    assertThat(plan.services().getFirst().image()).isEqualTo("p-app");
    assertThat(plan.services().getFirst().step().reason()).isEqualTo("no container");
  }
}
