package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.e2e.ContainerDaemon.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code docker build} through berthd with the classic builder ({@code DOCKER_BUILDKIT=0}, and a plain
 * {@code docker build}, which falls back to it on a CLI without buildx), then {@code docker run} of what was
 * built: steps, the cache, build args, targets, .dockerignore, failures and {@code builder prune}.
 */
class DockerBuildIT extends DaemonTestBase {
  private static final Map<String, String> CLASSIC = Map.of("DOCKER_BUILDKIT", "0");

  private Path context;

  @AfterEach
  void removeBuiltImagesAndContext() throws Exception {
    for (String ref : d.docker("images", "--format", "{{.Repository}}:{{.Tag}}").out().split("\\s+")) {
      if (!ref.isBlank() && !ref.startsWith("busybox:")) d.docker("rmi", "-f", ref);
    }
    d.docker("builder", "prune", "-af");
    if (context != null) dev.berth.sys.FileTrees.delete(context);
  }

  /** A fresh context directory holding {@code files} (name to content). */
  private Path context(Map<String, String> files) throws IOException {
    context = Files.createTempDirectory(d.root(), "ctx-");
    for (var f : files.entrySet()) {
      Path p = context.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    return context;
  }

  private Result build(Path ctx, String... flags) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("build"));
    args.addAll(Arrays.asList(flags));
    args.add(ctx.toString());
    return d.run(CLASSIC, 300, args.toArray(String[]::new));
  }

  private Result built(Path ctx, String... flags) throws Exception {
    Result r = build(ctx, flags);
    assertThat(r.exit()).as(r.both()).isZero();
    return r;
  }

  private TreeSet<String> imageIds() throws Exception {
    return new TreeSet<>(Arrays.stream(d.ok("images", "-aq", "--no-trunc").out().split("\\s+")).filter(s -> !s.isBlank()).toList());
  }

  private static final String APP = """
      FROM busybox
      ENV GREETING=hello
      COPY greeting.txt /data/
      RUN echo "$GREETING from run" > /data/run.txt
      CMD ["sh", "-c", "cat /data/greeting.txt /data/run.txt"]
      """;

  @Test
  void build_classicFromContextDir_runShowsTheResult() throws Exception {
    Path ctx = context(Map.of("Dockerfile", APP, "greeting.txt", "copied\n"));
    Result r = d.exec(List.of("sh", "-c", "cd " + ctx + " && " + ContainerDaemon.DOCKER + " build -t x ."), CLASSIC, 300);
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).contains("Step 1/5 : FROM busybox").contains("Step 4/5 : RUN echo \"$GREETING from run\" > /data/run.txt")
        .contains("Successfully built ").contains("Successfully tagged x:latest");
    assertThat(d.ok("run", "--rm", "x").out()).isEqualTo("copied\nhello from run\n");
    assertThat(d.ok("ps", "-aq").out()).as("no intermediate container left").isBlank();
  }

  @Test
  void build_plainDockerBuildWithoutBuildx_usesTheClassicBuilder() throws Exception {
    Path ctx = context(Map.of("Dockerfile", APP, "greeting.txt", "plain\n"));
    Result r = d.docker("build", "-t", "plain", ctx.toString());
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(d.ok("run", "--rm", "plain").out()).isEqualTo("plain\nhello from run\n");
  }

  @Test
  void build_dockerfileOutsideTheContext_isSentUnderAHiddenNameAndNotCopied() throws Exception {
    Path ctx = context(Map.of("ctx/keep.txt", "kept\n", "Dockerfile.outside", "FROM busybox\nCOPY . /ctx/\nCMD [\"ls\", \"-A\", \"/ctx\"]\n"));
    built(ctx.resolve("ctx"), "-f", ctx.resolve("Dockerfile.outside").toString(), "-t", "outside");
    assertThat(d.ok("run", "--rm", "outside").out()).contains("keep.txt").doesNotContain(".dockerfile.");
  }

  @Test
  void build_fromStdin_bareDockerfileAndTar() throws Exception {
    Path ctx = context(Map.of("Dockerfile", "FROM busybox\nCOPY a.txt /\n", "a.txt", "from a tar\n"));
    String docker = ContainerDaemon.DOCKER;
    Result bare = d.exec(List.of("sh", "-c", "printf 'FROM busybox\\nRUN echo piped > /p\\n' | " + docker + " build -t bare -"), CLASSIC, 300);
    assertThat(bare.exit()).as(bare.both()).isZero();
    assertThat(d.ok("run", "--rm", "bare", "cat", "/p").out()).isEqualTo("piped\n");
    Result tar = d.exec(List.of("sh", "-c", "tar -C " + ctx + " -czf - . | " + docker + " build -t fromtar -"), CLASSIC, 300);
    assertThat(tar.exit()).as(tar.both()).isZero();
    assertThat(d.ok("run", "--rm", "fromtar", "cat", "/a.txt").out()).isEqualTo("from a tar\n");
  }

  @Test
  void build_quiet_printsOnlyTheId() throws Exception {
    Path ctx = context(Map.of("Dockerfile", "FROM busybox\nRUN echo q > /q\n"));
    Result r = built(ctx, "-q", "-t", "quiet");
    assertThat(r.out()).matches("sha256:[0-9a-f]{64}\n");
    assertThat(d.ok("images", "-q", "--no-trunc", "quiet").out().strip()).isEqualTo(r.out().strip());
  }

  @Test
  void build_again_usesTheCacheAndGivesTheSameImage() throws Exception {
    Path ctx = context(Map.of("Dockerfile", APP, "greeting.txt", "cached\n"));
    built(ctx, "-t", "c1");
    String first = d.ok("images", "-q", "--no-trunc", "c1").out().strip();
    Result again = built(ctx, "-t", "c2");
    assertThat(again.out()).contains("Using cache");
    assertThat(d.ok("images", "-q", "--no-trunc", "c2").out().strip()).isEqualTo(first);
    Result noCache = built(ctx, "--no-cache", "-t", "c3");
    assertThat(noCache.out()).doesNotContain("Using cache");
  }

  @Test
  void build_buildArgs_reachRunAndDefaultWhenUnset() throws Exception {
    Path ctx = context(Map.of("Dockerfile", """
        FROM busybox
        ARG NAME=nobody
        RUN echo "built by $NAME" > /name
        CMD ["cat", "/name"]
        """));
    built(ctx, "--build-arg", "NAME=berth", "-t", "args");
    assertThat(d.ok("run", "--rm", "args").out()).isEqualTo("built by berth\n");
    built(ctx, "-t", "noargs");
    assertThat(d.ok("run", "--rm", "noargs").out()).isEqualTo("built by nobody\n");
  }

  @Test
  void build_target_stopsAtTheNamedStage() throws Exception {
    Path ctx = context(Map.of("Dockerfile", """
        FROM busybox AS base
        RUN echo base > /stage
        FROM base AS final
        RUN echo final > /stage
        """));
    built(ctx, "--target", "base", "-t", "tb");
    assertThat(d.ok("run", "--rm", "tb", "cat", "/stage").out()).isEqualTo("base\n");
    built(ctx, "-t", "tf");
    assertThat(d.ok("run", "--rm", "tf", "cat", "/stage").out()).isEqualTo("final\n");
  }

  @Test
  void build_dockerignore_leavesFilesOutOfTheContext() throws Exception {
    Path ctx = context(Map.of("Dockerfile", "FROM busybox\nCOPY . /ctx/\n", ".dockerignore", "secret.txt\nlogs/\n",
        "keep.txt", "kept\n", "secret.txt", "hidden\n", "logs/a.log", "log\n"));
    built(ctx, "-t", "ign");
    String listing = d.ok("run", "--rm", "ign", "ls", "-a", "/ctx").out();
    assertThat(listing).contains("keep.txt").contains("Dockerfile").doesNotContain("secret.txt").doesNotContain("logs");
  }

  @Test
  void build_failingRun_reportsStepAndCodeAndLeavesNothing() throws Exception {
    Path ctx = context(Map.of("Dockerfile", "FROM busybox\nRUN echo about to fail; exit 3\n"));
    TreeSet<String> imagesBefore = imageIds();
    Leaks before = d.leaks();
    Result r = build(ctx, "-t", "broken");
    // dockerd's classic builder sends the RUN's exit code in errorDetail.code, and the docker CLI exits with it
    assertThat(r.exit()).as(r.both()).isEqualTo(3);
    assertThat(r.out()).contains("Step 2/2 : RUN echo about to fail; exit 3").contains("about to fail");
    assertThat(r.err()).contains("exit 3").containsPattern("(code|status)\\D{0,3}3");
    assertThat(d.ok("ps", "-aq").out()).isBlank();
    assertThat(imageIds()).isEqualTo(imagesBefore);
    assertThat(d.docker("image", "inspect", "broken").exit()).isNotZero();
    assertThat(d.leaks()).isEqualTo(before);
  }

  @Test
  void build_syntaxError_namesFileAndLine() throws Exception {
    Path ctx = context(Map.of("Dockerfile", "FROM busybox\nFORM busybox\n"));
    Result r = build(ctx, "-t", "bad");
    assertThat(r.exit()).as(r.both()).isEqualTo(1);
    assertThat(r.err()).contains("Dockerfile:2").containsIgnoringCase("FORM");
    assertThat(d.ok("ps", "-aq").out()).isBlank();
  }

  @Test
  void builderPrune_emptiesTheCache() throws Exception {
    Path ctx = context(Map.of("Dockerfile", "FROM busybox\nRUN echo one > /one\n"));
    built(ctx, "-t", "p1");
    Result prune = d.ok("builder", "prune", "-af");
    assertThat(prune.out()).contains("Total reclaimed space:");
    Result again = built(ctx, "-t", "p2");
    assertThat(again.out()).doesNotContain("Using cache");
  }
}
