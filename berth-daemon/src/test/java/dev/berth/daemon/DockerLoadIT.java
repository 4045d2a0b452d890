package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Uploads through the real docker CLI against an in-process berthd (vfs driver, temp data root): a valid
 * archive loads every time without hanging, from a file and from stdin; garbage gets the daemon's error,
 * never a broken pipe or an empty reply. Needs root (storage) and /usr/local/bin/docker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerLoadIT {
  private static final String DOCKER = "/usr/local/bin/docker";
  private static final int LOADS = 30;
  private static final long TIMEOUT_SECONDS = 20;

  private Path root;
  private RunningDaemon daemon;
  private Path saved;

  record Result(int exit, String out, String err) {}

  @BeforeAll
  void start() throws Exception {
    root = Files.createTempDirectory("berth-load-it");
    daemon = Berthd.start(DaemonConfig.forTest(root));
    Path tar = root.resolve("rootfs.tar");
    Path fs = Files.createDirectories(root.resolve("rootfs/bin"));
    Files.copy(Path.of("/bin/busybox"), fs.resolve("busybox"));
    Process p = new ProcessBuilder("tar", "-C", root.resolve("rootfs").toString(), "-cf", tar.toString(), ".").inheritIO().start();
    assertThat(p.waitFor()).isZero();
    ok(null, "import", tar.toString(), "loadme:1");
    saved = root.resolve("saved.tar");
    ok(null, "save", "-o", saved.toString(), "loadme:1");
  }

  @AfterAll
  void stop() throws IOException {
    try {
      if (daemon != null) daemon.close();
    } finally {
      DockerLoadIT.deleteTree(root);
    }
  }

  /** Runs docker with stdin from {@code input} (or nothing); a run over the timeout fails the test as a hang. */
  private Result docker(Path input, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(DOCKER));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("DOCKER_HOST", daemon.dockerHost());
    pb.environment().put("DOCKER_CONFIG", root.resolve("docker-config").toString());
    pb.redirectOutput(root.resolve("out.txt").toFile()).redirectError(root.resolve("err.txt").toFile());
    pb.redirectInput(input == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()) : ProcessBuilder.Redirect.from(input.toFile()));
    Process p = pb.start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("docker " + String.join(" ", args) + (input == null ? "" : " < " + input.getFileName())
          + " hung: no exit in " + TIMEOUT_SECONDS + " s; stdout so far: " + Files.readString(root.resolve("out.txt")));
    }
    return new Result(p.exitValue(), Files.readString(root.resolve("out.txt")), Files.readString(root.resolve("err.txt")));
  }

  private Result ok(Path input, String... args) throws Exception {
    Result r = docker(input, args);
    assertThat(r.exit()).as("docker %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
    return r;
  }

  @Test
  void load_validArchiveManyTimesFromFileAndStdin_neverHangs() throws Exception {
    for (int i = 0; i < LOADS; i++) {
      if (i % 3 == 0) ok(null, "rmi", "loadme:1");
      Result r = i % 2 == 0 ? ok(null, "load", "-i", saved.toString()) : ok(saved, "load");
      assertThat(r.out()).as("load #%d", i).contains("Loaded image: loadme:1");
    }
  }

  @Test
  void loadAndImport_garbage_printDaemonsErrorEveryTime() throws Exception {
    Path small = garbage("small-garbage", 100_000);
    Path large = garbage("large-garbage", 96 << 20); // the client is still sending when the daemon answers
    for (Path g : List.of(small, large, large, large)) {
      Result load = docker(null, "load", "-i", g.toString());
      assertThat(load.exit()).isNotZero();
      assertThat(load.err()).as("load %s", g.getFileName()).startsWith("Error response from daemon: load: archive is not a valid tar");

      Result fromStdin = docker(g, "load");
      assertThat(fromStdin.err()).as("load < %s", g.getFileName()).startsWith("Error response from daemon: load: archive is not a valid tar");

      Result imported = docker(null, "import", g.toString());
      assertThat(imported.exit()).isNotZero();
      assertThat(imported.err()).as("import %s", g.getFileName()).startsWith("Error response from daemon: ").contains("malformed layer tar");
    }
    assertThat(ok(null, "version", "--format", "{{.Server.Version}}").out()).isNotBlank();
  }

  private Path garbage(String name, int size) throws IOException {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    bytes[0] = 'x'; // not a compression magic number: the error names the tar
    return Files.write(root.resolve(name), bytes);
  }

  static void deleteTree(Path p) throws IOException {
    if (p != null) dev.berth.sys.FileTrees.delete(p);
  }
}
