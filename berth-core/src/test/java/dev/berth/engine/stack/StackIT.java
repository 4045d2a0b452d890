package dev.berth.engine.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerView;
import dev.berth.engine.Engine;
import dev.berth.engine.StackService;
import dev.berth.engine.StackService.Action;
import dev.berth.engine.StackService.ApplyOptions;
import dev.berth.engine.StackService.ApplyReport;
import dev.berth.engine.StackService.Outcome;
import dev.berth.engine.StackService.StepResult;
import dev.berth.engine.container.EngineFixture;
import dev.berth.engine.container.NetworkedEngineFixture;
import dev.berth.network.PortMapping;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.Healthcheck;
import dev.berth.runtime.container.NetworkConfig;
import dev.berth.stack.NetworkDecl;
import dev.berth.stack.Service.DependsOn.Condition;
import dev.berth.stack.StackFile;
import dev.berth.stack.StackFileException;
import dev.berth.stack.VolumeDecl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stacks through the real engine (overlay, runc, conmon, CNI bridges, iptables under a test prefix) with the busybox
 * image: create, idempotent re-apply, targeted recreates, dependency order and health, orphans, a failure in the
 * middle and its re-run, and down. Each test has its own engine, bridge, subnets and chain prefix, and checks that
 * nothing of them is left on the host afterwards.
 */
class StackIT {
  private static final long MS = 1_000_000L;
  /** Runs until stopped, and stops at once on SIGTERM (a shell as PID 1 ignores it otherwise, and stop waits 10 s). */
  private static final String SLEEP = "trap 'exit 0' TERM; sleep 3600 & wait";
  private NetworkedEngineFixture networked;
  private EngineFixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    networked = new NetworkedEngineFixture();
    fixture = networked.fixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    networked.close();
  }

  private Engine engine() {
    return fixture.engine();
  }

  private StackService stacks() {
    return engine().stacks();
  }

  private static Svc sleeper(String name) {
    return Svc.of(name, "busybox").command("sh", "-c", SLEEP);
  }

  private static StackFile stack(Svc... services) {
    return new StackFile(null, java.util.Arrays.stream(services).map(Svc::build).toList(),
        List.of(new VolumeDecl("data", false, null, null, null, null, null)),
        List.of(new NetworkDecl("back", false, null, null, false, null, null, null, null)));
  }

  private ApplyReport apply(StackFile stack) {
    return stacks().apply("demo", stack, new ApplyOptions(false, Duration.ofSeconds(30)), null);
  }

  private static StepResult result(ApplyReport report, String name) {
    return report.results().stream().filter(r -> r.step().name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no step " + name + " in " + report));
  }

  private ContainerView container(String name) {
    return engine().containers().inspect(name);
  }

  @Test
  void apply_emptyHost_createsLabelledObjectsAndASecondApplyKeepsEverything() {
    StackFile s = stack(sleeper("db").volume("data", "/data").network("back", "database"),
        sleeper("web").link("db", "db").network("back").network("default"));
    ApplyReport first = apply(s);
    assertThat(first.failed()).as(first.toString()).isFalse();
    assertThat(first.results()).extracting(r -> r.step().name() + " " + r.step().action())
        .containsExactly("demo_back CREATE", "demo_default CREATE", "demo_data CREATE", "db CREATE", "web CREATE");

    ContainerView db = container("demo-db-1");
    assertThat(db.container().state().isRunning()).isTrue();
    assertThat(db.container().config().basic().labels()).containsEntry("com.docker.compose.project", "demo")
        .containsEntry("com.docker.compose.service", "db").containsEntry("com.docker.compose.container-number", "1")
        .containsEntry("com.docker.compose.oneoff", "False").containsKey("com.docker.compose.config-hash");
    assertThat(db.networkSettings().networks().get("demo_back").aliases()).contains("db", "database");
    assertThat(db.mounts()).anySatisfy(m -> assertThat(m.name()).isEqualTo("demo_data"));
    assertThat(container("demo-web-1").networkSettings().networks()).containsOnlyKeys("demo_back", "demo_default");
    assertThat(engine().networks().inspect("demo_back").network().labels())
        .containsEntry("com.docker.compose.project", "demo").containsEntry("com.docker.compose.network", "back");
    assertThat(engine().volumes().inspect("demo_data").labels()).containsEntry("com.docker.compose.volume", "data");

    ApplyReport second = apply(s);
    assertThat(second.unchanged()).as(second.toString()).isTrue();
    assertThat(result(second, "db").containerId()).isEqualTo(db.container().id().hex());
    assertThat(stacks().plan("demo", s, ApplyOptions.DEFAULTS).unchanged()).isTrue();
    assertThat(stacks().list()).singleElement().satisfies(p -> {
      assertThat(p.project()).isEqualTo("demo");
      assertThat(p.services()).containsExactly("db", "web");
      assertThat(p.running()).isEqualTo(2);
    });
  }

  @Test
  void apply_environmentChanged_recreatesOnlyThatService() {
    apply(stack(sleeper("a").env("V", "1"), sleeper("b")));
    String a = container("demo-a-1").container().id().hex();
    String b = container("demo-b-1").container().id().hex();

    ApplyReport r = apply(stack(sleeper("a").env("V", "2"), sleeper("b")));
    assertThat(result(r, "a").step().action()).isEqualTo(Action.RECREATE);
    assertThat(result(r, "a").step().reason()).isEqualTo("config changed: environment");
    assertThat(result(r, "a").outcome()).isEqualTo(Outcome.DONE);
    assertThat(result(r, "b").step().action()).isEqualTo(Action.KEEP);
    ContainerView now = container("demo-a-1");
    assertThat(now.container().id().hex()).isNotEqualTo(a).isEqualTo(result(r, "a").containerId());
    assertThat(now.container().state().isRunning()).isTrue();
    assertThat(now.container().config().basic().env()).contains("V=2");
    assertThat(container("demo-b-1").container().id().hex()).isEqualTo(b);
    assertThat(engine().containers().list(ContainerService.ListOptions.ALL)).hasSize(2);
  }

  @Test
  void apply_tagPointsAtANewImage_recreatesTheServiceThatUsesIt() throws Exception {
    engine().images().tag("busybox:latest", "app:1");
    StackFile s = stack(Svc.of("app", "app:1").command("sh", "-c", SLEEP), sleeper("other"));
    apply(s);
    ContainerView before = container("demo-app-1");
    engine().containers().commit("demo-other-1", new ContainerService.CommitOptions("app:1", null, null, List.of("ENV NEW=1"), false));
    String newId = engine().images().resolve("app:1").shortId();

    ApplyReport r = apply(s);
    assertThat(result(r, "app").step().reason()).isEqualTo("image changed: " + before.container().imageId().shortId() + " -> " + newId);
    assertThat(result(r, "app").outcome()).isEqualTo(Outcome.DONE);
    assertThat(result(r, "other").step().action()).isEqualTo(Action.KEEP);
    assertThat(container("demo-app-1").container().imageId().shortId()).isEqualTo(newId);
  }

  @Test
  void apply_dependsOnHealthy_startsTheDependantOnlyOnceTheDependencyIsHealthy() {
    // A start period: probes that fail before db has made its file do not count, however slowly they run.
    Healthcheck ready = new Healthcheck(List.of("CMD-SHELL", "test -f /tmp/ready"), 200 * MS, 2_000 * MS, 20_000 * MS, 0, 3);
    Healthcheck never = new Healthcheck(List.of("CMD", "false"), 200 * MS, 2_000 * MS, 0, 0, 1);
    List<String> healthAtStart = new ArrayList<>();
    StackFile s = stack(
        Svc.of("web", "busybox").command("sh", "-c", SLEEP).dependsOn("db", Condition.HEALTHY),
        Svc.of("db", "busybox").command("sh", "-c", "sleep 1; touch /tmp/ready; " + SLEEP).healthcheck(ready),
        Svc.of("sick", "busybox").command("sh", "-c", SLEEP).healthcheck(never),
        Svc.of("worker", "busybox").command("sh", "-c", SLEEP).dependsOn("sick", Condition.HEALTHY),
        sleeper("lone"));
    ApplyReport r = stacks().apply("demo", s, new ApplyOptions(false, Duration.ofSeconds(30)), step -> {
      if (step.step().name().equals("web")) healthAtStart.add(container("demo-db-1").health().status());
    });
    assertThat(r.results()).extracting(x -> x.step().name()).containsSubsequence("db", "web");
    assertThat(result(r, "web").outcome()).isEqualTo(Outcome.DONE);
    assertThat(healthAtStart).containsExactly("healthy");
    assertThat(result(r, "worker").outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result(r, "worker").error()).isEqualTo("dependency failed to start: container demo-sick-1 is unhealthy");
    assertThat(result(r, "lone").outcome()).isEqualTo(Outcome.DONE);
    assertThat(r.failed()).isTrue();
  }

  @Test
  void apply_dependsOnCompletedSuccessfully_waitsForTheExit() {
    StackFile s = stack(
        Svc.of("app", "busybox").command("sh", "-c", SLEEP).dependsOn("init", Condition.COMPLETED_SUCCESSFULLY),
        Svc.of("init", "busybox").command("sh", "-c", "sleep 1; exit 0"),
        Svc.of("late", "busybox").command("sh", "-c", SLEEP).dependsOn("broken", Condition.COMPLETED_SUCCESSFULLY),
        Svc.of("broken", "busybox").command("sh", "-c", "exit 3"));
    ApplyReport r = apply(s);
    assertThat(result(r, "app").outcome()).isEqualTo(Outcome.DONE);
    assertThat(container("demo-init-1").container().state().exitCode()).isZero();
    assertThat(result(r, "late").error()).isEqualTo(
        "dependency failed to start: container demo-broken-1 exited with code 3 (service_completed_successfully wants 0)");
  }

  @Test
  void apply_serviceRemovedFromTheStack_isAnOrphanKeptThenRemovedWhenAsked() {
    apply(stack(sleeper("keep"), sleeper("old")));
    StackFile now = stack(sleeper("keep"));
    ApplyReport kept = apply(now);
    assertThat(result(kept, "demo-old-1").step().action()).isEqualTo(Action.KEEP);
    assertThat(container("demo-old-1").container().state().isRunning()).isTrue();

    ApplyReport removed = stacks().apply("demo", now, new ApplyOptions(true, Duration.ofSeconds(30)), null);
    assertThat(result(removed, "demo-old-1").step().action()).isEqualTo(Action.REMOVE);
    assertThat(result(removed, "demo-old-1").outcome()).isEqualTo(Outcome.DONE);
    assertThat(engine().containers().list(ContainerService.ListOptions.ALL)).extracting(v -> v.container().name())
        .containsExactly("/demo-keep-1");
  }

  @Test
  void apply_removeOrphans_freesTheOrphansHostPortBeforeServicesStart() {
    int port = 20000 + ThreadLocalRandom.current().nextInt(20000);
    assertThat(apply(stack(sleeper("old").port(port, 80))).failed()).isFalse();

    ApplyReport r = stacks().apply("demo", stack(sleeper("new").port(port, 80)), new ApplyOptions(true, Duration.ofSeconds(30)), null);
    assertThat(r.results()).extracting(x -> x.step().name() + " " + x.step().action() + " " + x.outcome())
        .containsSubsequence("demo-old-1 REMOVE DONE", "new CREATE DONE");
    assertThat(container("demo-new-1").networkSettings().ports()).extracting(PortMapping::hostPort).containsExactly(port);
  }

  @Test
  void apply_missingImageInTheMiddle_othersConvergeAndARerunFinishes() {
    StackFile s = stack(sleeper("first"), Svc.of("broken", "later:1").command("sh", "-c", SLEEP),
        sleeper("needy").dependsOn("broken"), sleeper("last"));
    ApplyReport r = apply(s);
    assertThat(result(r, "first").outcome()).isEqualTo(Outcome.DONE);
    assertThat(result(r, "broken").outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result(r, "broken").error()).isEqualTo("image later:1 not found");
    assertThat(result(r, "needy").outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(result(r, "needy").error()).isEqualTo("skipped: it needs service broken, which did not converge");
    assertThat(result(r, "last").outcome()).isEqualTo(Outcome.DONE);
    String first = result(r, "first").containerId();

    engine().images().tag("busybox:latest", "later:1");
    ApplyReport again = apply(s);
    assertThat(again.failed()).as(again.toString()).isFalse();
    assertThat(again.results()).extracting(x -> x.step().name() + " " + x.step().action())
        .contains("first KEEP", "broken CREATE", "needy CREATE", "last KEEP");
    assertThat(result(again, "first").containerId()).isEqualTo(first);
    assertThat(apply(s).unchanged()).isTrue();
  }

  @Test
  void apply_recreateTheEngineRefuses_keepsTheOldContainerRunning() {
    apply(stack(sleeper("a")));
    String old = container("demo-a-1").container().id().hex();

    ApplyReport r = apply(stack(sleeper("a").volumesFrom("container:ghost")));
    assertThat(result(r, "a").step().action()).isEqualTo(Action.RECREATE);
    assertThat(result(r, "a").outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result(r, "a").error()).contains("ghost");
    ContainerView still = container("demo-a-1");
    assertThat(still.container().id().hex()).isEqualTo(old);
    assertThat(still.container().state().isRunning()).isTrue();
    assertThat(engine().containers().list(ContainerService.ListOptions.ALL)).hasSize(1);
  }

  @Test
  void apply_networkThatCannotBeCreated_skipsOnlyTheServicesOnIt() {
    StackFile s = new StackFile(null, List.of(sleeper("on").network("bad").build(), sleeper("off").build()), null,
        List.of(new NetworkDecl("bad", false, null, null, false, "10.1.2.0/33", null, null, null)));
    ApplyReport r = apply(s);
    assertThat(result(r, "demo_bad").outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result(r, "on").outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(result(r, "on").error()).isEqualTo("skipped: its network bad was not created");
    assertThat(result(r, "off").outcome()).isEqualTo(Outcome.DONE);
    assertThat(container("demo-off-1").container().state().isRunning()).isTrue();
  }

  @Test
  void apply_afterTheEngineRestarts_keepsTheSeedsSetupAsItIs() {
    StackFile s = new StackFile(null, List.of(
        Svc.of("sshd", "busybox").command("httpd", "-f", "-p", "2222").restart("always").build(),
        sleeper("home").volume("home", "/home").restart("always").build(),
        Svc.of("dev", "busybox").command("sh", "-c", "echo kept > /home/note; " + SLEEP).volumesFrom("home").link("sshd", "ssh")
            .restart("always").build()),
        List.of(new VolumeDecl("home", false, null, null, null, null, null)), null);
    ApplyReport first = apply(s);
    assertThat(first.failed()).as(first.toString()).isFalse();
    assertThat(container("demo-dev-1").mounts()).anySatisfy(m -> {
      assertThat(m.name()).isEqualTo("demo_home");
      assertThat(m.destination()).isEqualTo("/home");
    });
    Map<String, String> ids = new java.util.HashMap<>();
    for (String c : List.of("sshd", "home", "dev")) ids.put(c, container("demo-" + c + "-1").container().id().hex());

    fixture.reopen();
    ApplyReport again = apply(s);
    assertThat(again.unchanged()).as(again.toString()).isTrue();
    for (String c : List.of("sshd", "home", "dev")) {
      ContainerView v = container("demo-" + c + "-1");
      assertThat(v.container().id().hex()).isEqualTo(ids.get(c));
      assertThat(v.container().state().isRunning()).as(c).isTrue();
    }
    assertThat(engine().volumes().inspect("demo_home").mountpoint().resolve("note")).hasContent("kept");
  }

  @Test
  void apply_progressListenerFails_theApplyGoesOn() {
    List<String> seen = new ArrayList<>();
    ApplyReport r = stacks().apply("demo", stack(sleeper("a"), sleeper("b")), ApplyOptions.DEFAULTS, step -> {
      seen.add(step.step().name());
      throw new IllegalStateException("client went away");
    });
    assertThat(seen).containsExactly("demo_default");
    assertThat(r.failed()).isFalse();
    assertThat(container("demo-b-1").container().state().isRunning()).isTrue();
  }

  @Test
  void apply_hostPortHeldOutsideTheProject_refusedBeforeAnythingChanges() {
    int port = 20000 + ThreadLocalRandom.current().nextInt(20000);
    ContainerConfig holder = ContainerConfig.of(BasicConfig.of("busybox").withCmd(List.of("sh", "-c", SLEEP)))
        .withNetwork(NetworkConfig.DEFAULT.withPorts(List.of(new PortMapping("tcp", 80, "127.0.0.1", port)), false));
    String id = engine().containers().create("holder", holder).id();
    engine().containers().start(id);

    assertThatThrownBy(() -> apply(stack(sleeper("ok"), sleeper("web").port(port, 80))))
        .isInstanceOf(StackFileException.class)
        .hasMessageContaining("service web: host port " + port + "/tcp is already published by container holder");
    assertThat(engine().containers().list(ContainerService.ListOptions.ALL)).hasSize(1);
    assertThat(engine().networks().list(Map.of()).stream().map(n -> n.network().name())).doesNotContain("demo_default");
  }

  @Test
  void down_withVolumes_removesContainersNetworksAndVolumesButNotExternalOnes() {
    engine().volumes().create("outside", "local", Map.of(), Map.of());
    StackFile s = new StackFile(null, List.of(sleeper("db").volume("data", "/data").volume("ext", "/ext").network("back").build(),
        sleeper("web").build()),
        List.of(new VolumeDecl("data", false, null, null, null, null, null), new VolumeDecl("ext", true, "outside", null, null, null, null)),
        List.of(new NetworkDecl("back", false, null, null, false, null, null, null, null)));
    assertThat(apply(s).failed()).isFalse();

    StackService.DownReport kept = stacks().down("demo", false);
    assertThat(kept.containers()).containsExactlyInAnyOrder("demo-db-1", "demo-web-1");
    assertThat(kept.networks()).containsExactlyInAnyOrder("demo_back", "demo_default");
    assertThat(kept.volumes()).isEmpty();
    assertThat(engine().volumes().list(Map.of())).extracting(v -> v.name()).contains("demo_data", "outside");

    assertThat(apply(s).failed()).isFalse();
    StackService.DownReport all = stacks().down("demo", true);
    assertThat(all.volumes()).containsExactly("demo_data");
    assertThat(engine().containers().list(ContainerService.ListOptions.ALL)).isEmpty();
    assertThat(engine().networks().list(Map.of()).stream().map(n -> n.network().name())).doesNotContain("demo_back", "demo_default");
    assertThat(engine().volumes().list(Map.of())).extracting(v -> v.name()).containsExactly("outside");
    assertThat(stacks().list()).isEmpty();
  }
}
