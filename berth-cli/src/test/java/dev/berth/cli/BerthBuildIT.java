package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.Berthd;
import dev.berth.daemon.DaemonConfig;
import dev.berth.daemon.RunningDaemon;
import dev.berth.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code bin/berth build} and {@code builder prune} as a user runs them (a process of its own), against a real
 * berthd with overlay, runc and conmon, then {@code berth run} of the result. Needs root and a packaged CLI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BerthBuildIT {
  private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();

  private Path root;
  private RunningDaemon daemon;

  record Result(int exit, String out, String err) {
    String both() {
      return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  @BeforeAll
  void start() throws Exception {
    root = Files.createTempDirectory("berth-cli-build-");
    daemon = Berthd.start(DaemonConfig.forTest(root).withStorageDriver("overlay"));
    assertThat(CliRun.run(daemon.dockerHost(), "image", "bootstrap", "busybox").status()).isZero();
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

  @AfterAll
  void stop() throws Exception {
    try {
      if (daemon != null) daemon.close();
    } finally {
      dev.berth.sys.FileTrees.delete(root);
    }
  }

  /** Runs bin/berth with {@code stdin} (a file, or null for /dev/null) against the test daemon. */
  private Result berth(Path stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(BERTH.toString(), "-H", daemon.dockerHost()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(root, "out", ".txt");
    Path err = Files.createTempFile(root, "err", ".txt");
    try {
      Process p = new ProcessBuilder(cmd).redirectInput((stdin == null ? Path.of("/dev/null") : stdin).toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not finish: " + Files.readString(out) + Files.readString(err));
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private Result ok(String... args) throws Exception {
    Result r = berth(null, args);
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
    Result first = ok("build", "-t", "cli-built", ctx.toString());
    assertThat(first.out()).contains("Sending build context to berthd").contains("Step 3/4 : RUN cat /note.txt > /copy.txt")
        .contains("Successfully tagged cli-built:latest");
    assertThat(ok("run", "--rm", "cli-built").out()).isEqualTo("from the context\n");
    Result again = ok("build", "-t", "cli-built", ctx.toString());
    assertThat(again.out()).contains("Using cache");
    Result quiet = ok("build", "-q", "-t", "cli-built", ctx.toString());
    assertThat(quiet.out()).matches("sha256:[0-9a-f]{64}\n");
  }

  @Test
  void build_bareDockerfileOnStdin_buildsWithAnEmptyContext() throws Exception {
    Path dockerfile = Files.writeString(root.resolve("stdin.Dockerfile"), "FROM busybox\nRUN echo from stdin > /note\n");
    Result r = berth(dockerfile, "build", "-t", "cli-stdin", "-");
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(ok("run", "--rm", "cli-stdin", "cat", "/note").out()).isEqualTo("from stdin\n");
  }

  @Test
  void build_failingRun_exitsWithItsCodeAndPrintsTheStep() throws Exception {
    Path ctx = context("FROM busybox\nRUN exit 4\n");
    Result r = berth(null, "build", "-t", "cli-broken", ctx.toString());
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
