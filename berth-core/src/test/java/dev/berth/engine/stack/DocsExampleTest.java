package dev.berth.engine.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.StackService.Action;
import dev.berth.engine.StackService.Kind;
import dev.berth.engine.StackService.Plan;
import dev.berth.engine.StackService.PlannedStep;
import dev.berth.oci.Digest;
import dev.berth.stack.Service;
import dev.berth.stack.StackFile;
import dev.berth.stack.StackFileReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The example of docs/stacks-engine.md, read by the real stack file reader and planned: what the page says apply
 * does is what the planner decides, so the page and the code cannot drift apart.
 */
class DocsExampleTest {
  private static final Digest BUSYBOX = Digest.sha256("busybox".getBytes(StandardCharsets.UTF_8));

  private static String example() throws Exception {
    String page = Files.readString(Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("stacks-engine.md"));
    int start = page.indexOf("```yaml\n") + "```yaml\n".length();
    return page.substring(start, page.indexOf("```", start));
  }

  private static StackFile read(String yaml) {
    return StackFileReader.read(yaml, "stack.yml", Path.of("/tmp"), Map.of(), false);
  }

  private static Plan plan(StackFile stack, HostState host) {
    return Planner.plan(new StackNames("demo", stack), host, false).toPlan();
  }

  private static HostState host(List<HostState.Observed> containers, Set<String> networks, Set<String> volumes) {
    return new HostState(containers, List.of(), networks, volumes, Map.of("busybox", Optional.of(BUSYBOX)));
  }

  @Test
  void example_onAnEmptyHost_createsTheNetworkTheVolumeThenDbThenWeb() throws Exception {
    StackFile stack = read(example());
    assertThat(Validator.problems(new StackNames("demo", stack), host(List.of(), Set.of(), Set.of()))).isEmpty();
    assertThat(plan(stack, host(List.of(), Set.of(), Set.of())).steps()).extracting(s -> s.name() + " " + s.action()).containsExactly(
        "demo_default CREATE", "demo_data CREATE", "db CREATE", "web CREATE");
  }

  @Test
  void example_portsChanged_recreatesWebOnlyNamingPorts() throws Exception {
    StackFile before = read(example());
    StackNames names = new StackNames("demo", before);
    List<HostState.Observed> running = new ArrayList<>();
    for (Service s : before.services()) {
      String canonical = CanonicalConfig.of(s, names);
      running.add(new HostState.Observed(s.name().repeat(64).substring(0, 64), names.container(s.name()), s.name(), "1", true,
          "running", CanonicalConfig.hash(canonical), canonical, BUSYBOX));
    }
    HostState host = host(running, Set.of("demo_default"), Set.of("demo_data"));
    assertThat(plan(before, host).unchanged()).isTrue();

    Plan after = plan(read(example().replace("8080:80", "8081:80")), host);
    assertThat(after.steps()).contains(new PlannedStep(Kind.SERVICE, "web", Action.RECREATE, "config changed: ports"),
        new PlannedStep(Kind.SERVICE, "db", Action.KEEP, "up to date"));
  }
}
