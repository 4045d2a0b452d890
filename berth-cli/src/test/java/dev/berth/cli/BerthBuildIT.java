package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.BusyboxBerthdTestBase;
import dev.berth.testing.ProcessRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/berth build} and {@code builder prune} as a user runs them (a process of its own), against a real
 * berthd with overlay, runc and conmon, then {@code berth run} of the result. Needs root and a packaged CLI.
 */
class BerthBuildIT extends BusyboxBerthdTestBase {
  private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();

  BerthBuildIT() {
    super("berth-cli-build-");
  }

  @AfterEach
  void clean() throws Exception {
    for (String id : berth(null, "ps", "-aq").out().split("\\s+")) {
      if (!id.isBlank()) berth(null, "rm", "-f", id);
    }
    for (String ref : berth(null, "images", "--format", "{{.Repository}}:{{.Tag}}").out().split("\\s+")) {
      if (!ref.isBlank() && !ref.startsWith("busybox:") && !ref.startsWith("<none>")) berth(null, "rmi", "-f", ref);
    }
    berth(null, "builder", "prune", "-af");
  }

  /** Runs bin/berth with {@code stdin} (a file, or null for /dev/null) against the test daemon. */
  private ProcessRun berth(Path stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(BERTH.toString(), "-H", daemon.dockerHost()));
    cmd.addAll(List.of(args));
    return ProcessRun.run(root, null, cmd, stdin == null ? null : stdin.toFile(), Duration.ofSeconds(300));
  }

  private ProcessRun ok(String... args) throws Exception {
    ProcessRun r = berth(null, args);
    assertThat(r.exit()).as("berth %s\n%s", String.join(" ", args), r.both()).isZero();
    return r;
  }

  private Path context(String dockerfile) throws Exception {
    Path ctx = Files.createTempDirectory(root, "ctx-");
    Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
    return ctx;
  }

  @Test
  void build_directory_thenRun_thenRebuildFromCache() throws Exception {
    Path ctx = context("FROM busybox\nCOPY note.txt /\nRUN cat /note.txt > /copy.txt\nCMD [\"cat\", \"/copy.txt\"]\n");
    Files.writeString(ctx.resolve("note.txt"), "from the context\n");
    ProcessRun first = ok("build", "-t", "cli-built", ctx.toString());
    assertThat(first.out()).contains("Sending build context to berthd").contains("Step 3/4 : RUN cat /note.txt > /copy.txt")
        .contains("Successfully tagged cli-built:latest");
    assertThat(ok("run", "--rm", "cli-built").out()).isEqualTo("from the context\n");
    ProcessRun again = ok("build", "-t", "cli-built", ctx.toString());
    assertThat(again.out()).contains("Using cache");
    ProcessRun quiet = ok("build", "-q", "-t", "cli-built", ctx.toString());
    assertThat(quiet.out()).matches("sha256:[0-9a-f]{64}\n");
  }

  @Test
  void build_bareDockerfileOnStdin_buildsWithAnEmptyContext() throws Exception {
    Path dockerfile = Files.writeString(root.resolve("stdin.Dockerfile"), "FROM busybox\nRUN echo from stdin > /note\n");
    ProcessRun r = berth(dockerfile, "build", "-t", "cli-stdin", "-");
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(ok("run", "--rm", "cli-stdin", "cat", "/note").out()).isEqualTo("from stdin\n");
  }

  @Test
  void build_failingRun_exitsWithItsCodeAndPrintsTheStep() throws Exception {
    Path ctx = context("FROM busybox\nRUN exit 4\n");
    ProcessRun r = berth(null, "build", "-t", "cli-broken", ctx.toString());
    assertThat(r.exit()).as(r.both()).isEqualTo(4);
    assertThat(r.out()).contains("Step 2/2 : RUN exit 4");
    assertThat(r.err()).contains("non-zero code: 4").contains("Dockerfile:2");
    assertThat(ok("ps", "-aq").out()).isBlank();
  }

  @Test
  void builderPrune_force_printsTheTotal() throws Exception {
    ok("build", "-t", "cli-prune", context("FROM busybox\nRUN echo x > /x\n").toString());
    assertThat(ok("builder", "prune", "-f").out()).contains("Total reclaimed space: ");
  }
}
