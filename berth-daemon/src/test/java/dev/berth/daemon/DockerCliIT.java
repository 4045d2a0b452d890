package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real docker CLI (/usr/local/bin/docker, API 1.50, negotiating down to 1.47) against an in-process
 * berthd with the real engine on a temp data root (vfs driver). Needs root (storage) and the docker CLI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerCliIT {
  private static final String DOCKER = "/usr/local/bin/docker";

  private Path root;
  private RunningDaemon daemon;

  record Result(int exit, String out, String err) {}

  @BeforeAll
  void start() throws IOException {
    root = Files.createTempDirectory("berth-cli-it");
    daemon = Berthd.start(DaemonConfig.forTest(root));
  }

  @AfterAll
  void stop() throws IOException {
    try {
      if (daemon != null) daemon.close();
    } finally {
      deleteTree(root);
    }
  }

  private Result docker(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(DOCKER));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("DOCKER_HOST", daemon.dockerHost());
    pb.environment().put("DOCKER_CONFIG", root.resolve("docker-config").toString());
    pb.redirectOutput(root.resolve("out.txt").toFile()).redirectError(root.resolve("err.txt").toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("docker " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Result(p.exitValue(), Files.readString(root.resolve("out.txt")), Files.readString(root.resolve("err.txt")));
  }

  private Result ok(String... args) throws Exception {
    Result r = docker(args);
    assertThat(r.exit()).as("docker %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
    return r;
  }

  /** A busybox root filesystem tar: bin/busybox, bin/sh, etc/passwd, tmp. */
  private Path busyboxRootfs() throws Exception {
    Path fs = root.resolve("rootfs");
    Files.createDirectories(fs.resolve("bin"));
    Files.createDirectories(fs.resolve("etc"));
    Files.createDirectories(fs.resolve("tmp"));
    Files.copy(Path.of("/bin/busybox"), fs.resolve("bin/busybox"));
    Files.createSymbolicLink(fs.resolve("bin/sh"), Path.of("busybox"));
    Files.writeString(fs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    Path tar = root.resolve("rootfs.tar");
    Process p = new ProcessBuilder("tar", "-C", fs.toString(), "-cf", tar.toString(), ".").inheritIO().start();
    assertThat(p.waitFor()).isZero();
    return tar;
  }

  @Test
  void version_showsBerthEngineAtNegotiatedApi() throws Exception {
    Result r = ok("version");
    assertThat(r.out()).contains("Server: Berth Engine").contains("API version:       1.47").contains("1.47 (downgraded from 1.50)");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void info_showsDriverAndRootWithoutErrors() throws Exception {
    Result r = ok("info");
    assertThat(r.out()).contains("Storage Driver: vfs").contains("Docker Root Dir: " + daemon.config().dataRoot()).contains("OSType: linux");
    assertThat(r.err()).doesNotContainIgnoringCase("error");
    for (String line : r.err().lines().toList()) assertThat(line).startsWith("WARNING: ");
  }

  @Test
  void images_importTagInspectHistorySaveRmiLoad_eventsReportEachStep() throws Exception {
    long since = Instant.now().getEpochSecond();
    Path tar = busyboxRootfs();
    Result imported = ok("import", "-c", "CMD [\"/bin/sh\"]", "-c", "ENV PATH=/bin", "-m", "from the IT", tar.toString(), "busybox:latest");
    String id = imported.out().strip();
    assertThat(id).matches("sha256:[0-9a-f]{64}");
    String shortId = id.substring(7, 19);

    assertThat(ok("images").out()).containsPattern("busybox\\s+latest\\s+" + shortId);
    assertThat(ok("image", "inspect", "--format", "{{.Id}} {{.Config.Cmd}} {{.Comment}} {{.Os}}", "busybox").out().strip())
        .isEqualTo(id + " [/bin/sh] from the IT linux");

    ok("tag", "busybox", "localhost:5000/a/b:v1");
    assertThat(ok("images").out()).containsPattern("localhost:5000/a/b\\s+v1\\s+" + shortId);
    assertThat(ok("image", "inspect", "--format", "{{.Id}}", "localhost:5000/a/b:v1").out().strip()).isEqualTo(id);

    assertThat(ok("history", "busybox").out()).contains(shortId).contains("from the IT");
    // as dockerd: an imported layer has no CREATED BY, only the message as COMMENT
    assertThat(ok("history", "--format", "[{{.CreatedBy}}] [{{.Comment}}]", "busybox").out().strip()).isEqualTo("[] [from the IT]");

    Path saved = root.resolve("saved.tar");
    ok("save", "-o", saved.toString(), "busybox");
    Process list = new ProcessBuilder("tar", "-tf", saved.toString()).start();
    String entries = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(list.waitFor()).isZero();
    assertThat(entries).contains("manifest.json");

    Result rmi = ok("rmi", "localhost:5000/a/b:v1", "busybox");
    assertThat(rmi.out()).contains("Untagged: localhost:5000/a/b:v1").contains("Untagged: busybox:latest").contains("Deleted: " + id);
    assertThat(ok("images", "-q").out()).doesNotContain(shortId);

    assertThat(ok("load", "-i", saved.toString()).out()).contains("Loaded image: busybox:latest");
    assertThat(ok("images").out()).containsPattern("busybox\\s+latest\\s+" + shortId);

    Result missing = docker("image", "inspect", "nope:1");
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err()).contains("No such image: nope:1");

    long until = Instant.now().getEpochSecond() + 1;
    Result events = ok("events", "--since", Long.toString(since), "--until", Long.toString(until), "--filter", "type=image");
    assertThat(events.out()).contains("image import " + id).contains("image tag " + id).contains("image untag " + id)
        .contains("image delete " + id).contains("image load " + id).contains("name=localhost:5000/a/b:v1");
  }

  private static void deleteTree(Path p) throws IOException {
    if (p != null) dev.berth.sys.FileTrees.delete(p);
  }
}
