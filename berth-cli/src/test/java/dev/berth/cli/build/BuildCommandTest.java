package dev.berth.cli.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.CliRun;
import dev.berth.testing.FakeDaemon;
import dev.berth.testing.FakeDaemon.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth build} and {@code builder prune} against a scripted daemon: what they send and what they print. */
class BuildCommandTest {
  static final String ID = "sha256:" + "0123456789ab".repeat(5) + "cdef";
  static final String OK_STREAM_AUX = "{\"aux\":{\"ID\":\"" + ID + "\"}}";

  @TempDir Path dir;
  FakeDaemon daemon;

  @BeforeEach
  void start() throws Exception {
    daemon = new FakeDaemon(dir);
    daemon.route("POST /build", Response.stream(
        "{\"stream\":\"Step 1/2 : FROM busybox\\n\"}", "{\"stream\":\" ---> 0123456789ab\\n\"}",
        "{\"stream\":\"Step 2/2 : CMD [\\\"sh\\\"]\\n\"}", OK_STREAM_AUX,
        "{\"stream\":\"Successfully built 0123456789ab\\n\"}"));
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  CliRun berth(byte[] stdin, String... args) {
    return CliRun.run(Map.of("BERTH_HOST", daemon.host(), "FROM_ENV", "env-value"), stdin, false, Clock.systemUTC(), args);
  }

  CliRun berth(String... args) {
    return berth(new byte[0], args);
  }

  static Map<String, String> entries(byte[] tar) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), e.isFile() ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : "<dir>");
      }
    }
    return out;
  }

  static byte[] tar(String name, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      TarArchiveEntry e = new TarArchiveEntry(name);
      byte[] b = content.getBytes(StandardCharsets.UTF_8);
      e.setSize(b.length);
      tar.putArchiveEntry(e);
      tar.write(b);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  Path contextDir() throws IOException {
    Path ctx = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nCOPY . /app\n");
    Files.writeString(ctx.resolve("keep.txt"), "kept\n");
    Files.writeString(ctx.resolve("secret.txt"), "left out\n");
    Files.writeString(ctx.resolve(".dockerignore"), "secret.txt\n");
    return ctx;
  }

  @Test
  void build_directory_sendsItsTarWithoutIgnoredFilesAndPrintsTheStream() throws Exception {
    Path ctx = contextDir();
    CliRun run = berth("build", "-t", "me/app:1", "-t", "other", ctx.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("^Sending build context to berthd  [0-9.]+kB\n")
        .endsWith("\nStep 1/2 : FROM busybox\n ---> 0123456789ab\nStep 2/2 : CMD [\"sh\"]\nSuccessfully built 0123456789ab\n");
    FakeDaemon.Request req = daemon.last("POST /build");
    assertThat(req.query().get("t")).containsExactly("me/app:1", "other");
    assertThat(req.param("dockerfile")).isEqualTo("Dockerfile");
    assertThat(req.param("version")).isEqualTo("1");
    assertThat(req.param("rm")).isEqualTo("1");
    assertThat(req.headers()).containsEntry("content-type", "application/x-tar").containsKey("x-registry-config");
    assertThat(req.headers().get(FakeDaemon.CHUNKED_HEADER)).isEqualTo("true");
    Map<String, String> tar = entries(req.body());
    assertThat(tar).containsEntry("Dockerfile", "FROM busybox\nCOPY . /app\n").containsEntry("keep.txt", "kept\n")
        .containsKey(".dockerignore").doesNotContainKey("secret.txt");
  }

  @Test
  void build_flags_becomeQueryParameters() throws Exception {
    Path ctx = contextDir();
    Files.createDirectories(ctx.resolve("sub"));
    Files.writeString(ctx.resolve("sub/Dockerfile.dev"), "FROM busybox\n");
    CliRun run = berth("build", "-f", ctx.resolve("sub/Dockerfile.dev").toString(), "--build-arg", "A=1", "--build-arg", "FROM_ENV",
        "--build-arg", "UNSET_ANYWHERE", "--target", "base", "--no-cache", "--label", "team=core", "--label", "flag", "--pull",
        "--network", "host", "--rm=false", "--force-rm", "--platform", "linux/amd64", ctx.toString());
    assertThat(run.status()).as(run.err()).isZero();
    FakeDaemon.Request req = daemon.last("POST /build");
    assertThat(req.param("dockerfile")).isEqualTo("sub/Dockerfile.dev");
    assertThat(req.param("buildargs")).isEqualTo("{\"A\":\"1\",\"FROM_ENV\":\"env-value\",\"UNSET_ANYWHERE\":null}");
    assertThat(req.param("labels")).isEqualTo("{\"team\":\"core\",\"flag\":\"\"}");
    assertThat(req.param("target")).isEqualTo("base");
    assertThat(req.param("nocache")).isEqualTo("1");
    assertThat(req.param("pull")).isEqualTo("1");
    assertThat(req.param("networkmode")).isEqualTo("host");
    assertThat(req.param("rm")).isEqualTo("0");
    assertThat(req.param("forcerm")).isEqualTo("1");
    assertThat(req.param("platform")).isEqualTo("linux/amd64");
  }

  @Test
  void build_dockerfileOutsideTheContext_isAddedUnderAHiddenNameAndIgnored() throws Exception {
    Path ctx = contextDir();
    Path outside = Files.writeString(dir.resolve("Other.Dockerfile"), "FROM busybox\nRUN true\n");
    CliRun run = berth("build", "-f", outside.toString(), ctx.toString());
    assertThat(run.status()).as(run.err()).isZero();
    FakeDaemon.Request req = daemon.last("POST /build");
    String name = req.param("dockerfile");
    assertThat(name).matches("\\.dockerfile\\.[0-9a-f]{20}");
    Map<String, String> tar = entries(req.body());
    assertThat(tar).containsEntry(name, "FROM busybox\nRUN true\n").containsEntry("keep.txt", "kept\n");
    assertThat(tar.get(".dockerignore")).contains("secret.txt").contains(name);
  }

  @Test
  void build_dockerfileFromStdinWithDirectory_isAddedUnderAHiddenName() throws Exception {
    Path ctx = contextDir();
    CliRun run = berth("FROM busybox\nENV X=1\n".getBytes(StandardCharsets.UTF_8), "build", "-f", "-", ctx.toString());
    assertThat(run.status()).as(run.err()).isZero();
    FakeDaemon.Request req = daemon.last("POST /build");
    assertThat(entries(req.body())).containsEntry(req.param("dockerfile"), "FROM busybox\nENV X=1\n");
  }

  @Test
  void build_bareDockerfileOnStdin_isSentAsAOneFileContext() throws Exception {
    CliRun run = berth("FROM busybox\nCMD [\"true\"]\n".getBytes(StandardCharsets.UTF_8), "build", "-");
    assertThat(run.status()).as(run.err()).isZero();
    FakeDaemon.Request req = daemon.last("POST /build");
    assertThat(req.param("dockerfile")).isEqualTo("Dockerfile");
    assertThat(entries(req.body())).containsExactly(Map.entry("Dockerfile", "FROM busybox\nCMD [\"true\"]\n"));
  }

  @Test
  void build_tarOnStdin_isSentUnchanged() throws Exception {
    byte[] context = tar("build/Dockerfile", "FROM busybox\n");
    CliRun run = berth(context, "build", "-f", "build/Dockerfile", "-");
    assertThat(run.status()).as(run.err()).isZero();
    FakeDaemon.Request req = daemon.last("POST /build");
    assertThat(req.body()).isEqualTo(context);
    assertThat(req.param("dockerfile")).isEqualTo("build/Dockerfile");
  }

  @Test
  void build_tarFile_isSentUnchanged() throws Exception {
    byte[] context = tar("Dockerfile", "FROM busybox\n");
    Path file = Files.write(dir.resolve("ctx.tar"), context);
    CliRun run = berth("build", file.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(daemon.last("POST /build").body()).isEqualTo(context);
    assertThat(daemon.last("POST /build").param("dockerfile")).isNull();
  }

  @Test
  void build_failedRun_printsTheErrorOnStderrAndExitsWithItsCode() throws Exception {
    daemon.route("POST /build", Response.stream("{\"stream\":\"Step 1/1 : RUN exit 3\\n\"}",
        "{\"errorDetail\":{\"code\":3,\"message\":\"Step 1/1 : RUN exit 3: returned a non-zero code: 3\"},\"error\":\"Step 1/1 : RUN exit 3: returned a non-zero code: 3\"}"));
    CliRun run = berth("build", contextDir().toString());
    assertThat(run.status()).isEqualTo(3);
    assertThat(run.out()).endsWith("kB\nStep 1/1 : RUN exit 3\n");
    assertThat(run.err()).isEqualTo("Step 1/1 : RUN exit 3: returned a non-zero code: 3\n");
  }

  @Test
  void build_errorWithoutCode_exits1() throws Exception {
    daemon.route("POST /build", Response.stream("{\"errorDetail\":{\"message\":\"Dockerfile:3: COPY failed\"},\"error\":\"Dockerfile:3: COPY failed\"}"));
    CliRun run = berth("build", contextDir().toString());
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Dockerfile:3: COPY failed\n");
  }

  @Test
  void build_daemonRefusal_isAnErrorResponse() throws Exception {
    daemon.route("POST /build", Response.error(400, "Dockerfile:1:1: unknown instruction: FORM"));
    CliRun run = berth("build", contextDir().toString());
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Error response from daemon: Dockerfile:1:1: unknown instruction: FORM\n");
  }

  @Test
  void build_quiet_printsOnlyTheIdAndWritesTheIidFile() throws Exception {
    daemon.route("POST /build", Response.stream(OK_STREAM_AUX, "{\"stream\":\"" + ID + "\\n\"}"));
    Path iid = dir.resolve("iid");
    CliRun run = berth("build", "-q", "--iidfile", iid.toString(), contextDir().toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(ID + "\n");
    assertThat(daemon.last("POST /build").param("q")).isEqualTo("1");
    assertThat(Files.readString(iid)).isEqualTo(ID);
  }

  @Test
  void build_quietFailure_printsTheHeldOutputOnStderr() throws Exception {
    daemon.route("POST /build", Response.stream("{\"stream\":\"Step 1/1 : RUN false\\n\"}",
        "{\"errorDetail\":{\"code\":1,\"message\":\"RUN false failed\"},\"error\":\"RUN false failed\"}"));
    CliRun run = berth("build", "-q", contextDir().toString());
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("Step 1/1 : RUN false\nRUN false failed\n");
  }

  @Test
  void build_missingContextOrDockerfile_failsBeforeCallingTheDaemon() throws Exception {
    CliRun noPath = berth("build", dir.resolve("nope").toString());
    assertThat(noPath.status()).isEqualTo(1);
    assertThat(noPath.err()).contains("unable to prepare context: path \"" + dir.resolve("nope") + "\" not found");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    CliRun noDockerfile = berth("build", empty.toString());
    assertThat(noDockerfile.status()).isEqualTo(1);
    assertThat(noDockerfile.err()).contains("Cannot locate specified Dockerfile: Dockerfile");
    CliRun bothStdin = berth("build", "-f", "-", "-");
    assertThat(bothStdin.err()).contains("can't use stdin for both build context and dockerfile");
    assertThat(daemon.calls()).doesNotContain("POST /build");
  }

  @Test
  void build_help_namesEveryFlag() {
    CliRun run = berth("build", "--help");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("PATH|-").contains("--tag").contains("--file").contains("--build-arg").contains("--target")
        .contains("--no-cache").contains("--quiet").contains("--label").contains("--pull").contains("--network")
        .contains("--rm").contains("--force-rm");
  }

  @Test
  void builderPrune_force_printsDeletedAndTotal() {
    daemon.route("POST /build/prune", Response.ok("{\"CachesDeleted\":[\"sha256:aaa\",\"sha256:bbb\"],\"SpaceReclaimed\":2048000}"));
    CliRun run = berth("builder", "prune", "-f", "-a", "--filter", "until=24h");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("Deleted build cache objects:\nsha256:aaa\nsha256:bbb\n\nTotal reclaimed space: 2.048MB\n");
    FakeDaemon.Request req = daemon.last("POST /build/prune");
    assertThat(req.param("all")).isEqualTo("1");
    assertThat(req.param("filters")).isEqualTo("{\"until\":[\"24h\"]}");
  }

  @Test
  void builderPrune_declined_callsNothing() {
    CliRun run = berth("n\n".getBytes(StandardCharsets.UTF_8), "builder", "prune");
    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith(BuilderPruneCommand.DANGLING_WARNING + "\nAre you sure you want to continue? [y/N] ");
    assertThat(daemon.calls()).doesNotContain("POST /build/prune");
  }

  @Test
  void builderPrune_nothingToDelete_printsZero() {
    daemon.route("POST /build/prune", Response.ok("{\"CachesDeleted\":null,\"SpaceReclaimed\":0}"));
    CliRun run = berth("builder", "prune", "-f");
    assertThat(run.out()).isEqualTo("Total reclaimed space: 0B\n");
  }
}
