package dev.berth.engine.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.StackService.ApplyOptions;
import dev.berth.engine.StackService.ApplyReport;
import dev.berth.engine.StackService.Outcome;
import dev.berth.engine.StackService.StepResult;
import dev.berth.oci.Digest;
import dev.berth.stack.Service;
import dev.berth.stack.StackFile;
import dev.berth.stack.VolumeDecl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The converger against fakes of the engine's services: which calls each action makes, and how failures spread. */
class ConvergerTest {
  private static final Digest BUSYBOX = Digest.sha256("busybox".getBytes(StandardCharsets.UTF_8));
  private final FakeHost fake = new FakeHost();
  private final List<HostState.Observed> containers = new ArrayList<>();
  private final List<StepResult> seen = new ArrayList<>();

  private static StackFile stack(Svc... services) {
    return new StackFile(null, java.util.Arrays.stream(services).map(Svc::build).toList(),
        List.of(new VolumeDecl("data", false, null, null, null, null, null)), null);
  }

  private ApplyReport converge(StackFile stack) {
    HostState host = new HostState(containers, List.of(), Set.of("demo_default"), Set.of(),
        Map.of("busybox", Optional.of(BUSYBOX)));
    StackPlan plan = Planner.plan(new StackNames("demo", stack), host, false);
    return new Converger(fake.engine(), ApplyOptions.DEFAULTS, seen::add).run(plan);
  }

  private void existing(Service s, StackFile stack, boolean running, String hash) {
    String canonical = CanonicalConfig.of(s, new StackNames("demo", stack));
    containers.add(new HostState.Observed(fake.id(0x99), "demo-" + s.name() + "-1", s.name(), "1", running,
        running ? "running" : "exited", hash != null ? hash : CanonicalConfig.hash(canonical), canonical, BUSYBOX));
  }

  private static StepResult result(ApplyReport r, String name) {
    return r.results().stream().filter(x -> x.step().name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void run_recreate_makesTheNewContainerBeforeTheOldOneGoes() {
    StackFile s = stack(Svc.of("web", "busybox").env("V", "2"));
    existing(Svc.of("web", "busybox").env("V", "1").build(), s, true, "old");
    ApplyReport r = converge(s);
    assertThat(fake.calls).containsExactly(
        "create 000000000000_demo-web-1 -> 0001", "stop 0099", "remove 0099 -v", "rename 0001 demo-web-1", "start 0001");
    assertThat(result(r, "web").containerId()).isEqualTo(fake.id(1));
  }

  @Test
  void run_stoppedAndUpToDate_startsOneAndLeavesTheOther() {
    StackFile s = stack(Svc.of("web", "busybox"));
    existing(s.services().getFirst(), s, false, null);
    assertThat(converge(s).results()).extracting(x -> x.outcome()).containsExactly(Outcome.DONE, Outcome.DONE);
    assertThat(fake.calls).containsExactly("start 0099");

    fake.calls.clear();
    containers.clear();
    existing(s.services().getFirst(), s, true, null);
    ApplyReport again = converge(s);
    assertThat(again.unchanged()).isTrue();
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void run_volumeRefused_skipsOnlyTheServicesThatNeedIt() {
    fake.refuse.add("demo_data");
    ApplyReport r = converge(stack(Svc.of("db", "busybox").volume("data", "/d"), Svc.of("web", "busybox").dependsOn("db"),
        Svc.of("other", "busybox")));
    assertThat(result(r, "demo_data").outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result(r, "demo_data").error()).isEqualTo("invalid option for demo_data");
    assertThat(result(r, "db").error()).isEqualTo("skipped: its volume data was not created");
    assertThat(result(r, "web").outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(result(r, "web").error()).isEqualTo("skipped: it needs service db, which did not converge");
    assertThat(result(r, "other").outcome()).isEqualTo(Outcome.DONE);
    assertThat(fake.calls).containsExactly("volume create demo_data", "create demo-other-1 -> 0001", "start 0001");
  }

  @Test
  void run_missingImages_failThoseServicesWithWhatToDo() {
    Svc built = Svc.of("app", null);
    built.build = new Service.BuildSpec("/src/app", null, null, null);
    ApplyReport r = converge(stack(Svc.of("web", "nope:1"), built, Svc.of("ok", "busybox")));
    assertThat(result(r, "web").error()).isEqualTo("image nope:1 not found");
    assertThat(result(r, "app").error()).isEqualTo("image demo-app not found: service app is built from /src/app; build it first");
    assertThat(result(r, "ok").outcome()).isEqualTo(Outcome.DONE);
    assertThat(r.failed()).isTrue();
  }

  @Test
  void run_progress_seesEveryStepAsItEnds() {
    ApplyReport r = converge(stack(Svc.of("web", "busybox").dependsOn("db"), Svc.of("db", "busybox").volume("data", "/d")));
    assertThat(seen).isEqualTo(r.results());
    assertThat(seen).extracting(x -> x.step().name()).containsExactly("demo_default", "demo_data", "db", "web");
    assertThat(fake.calls).containsExactly("volume create demo_data", "create demo-db-1 -> 0001", "start 0001",
        "create demo-web-1 -> 0002", "start 0002");
  }
}
