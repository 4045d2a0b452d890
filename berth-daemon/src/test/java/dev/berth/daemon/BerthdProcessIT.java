package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.UnixHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** berthd as its own process: serves, and on SIGTERM removes its socket and pidfile. Needs root (storage). */
class BerthdProcessIT {
  private Path root;
  private Process process;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createTempDirectory("berthd-process-it");
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } finally {
      try (var walk = Files.walk(root)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }

  private Process berthd(Path socket, String... extra) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), BerthdMain.class.getName(),
        "-H", "unix://" + socket, "--data-root", root.resolve("data").toString(), "--exec-root", root.resolve("run").toString(),
        "--storage-driver", "vfs", "--config-file", root.resolve("daemon.json").toString()));
    cmd.addAll(List.of(extra));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(root.resolve("berthd.log").toFile()).start();
  }

  private static void awaitSocket(Path socket, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(socket)) {
      if (!p.isAlive() || System.nanoTime() > deadline) throw new AssertionError("berthd did not create " + socket);
      Thread.sleep(100);
    }
  }

  @Test
  void sigterm_runningDaemon_removesSocketAndPidfile() throws Exception {
    Files.writeString(root.resolve("daemon.json"), "{\"debug\": false}");
    Path socket = root.resolve("run/berth.sock");
    process = berthd(socket);
    awaitSocket(socket, process);
    assertThat(UnixHttp.get(socket, "/_ping").text()).isEqualTo("OK");
    assertThat(root.resolve("run/berthd.pid")).hasContent(Long.toString(process.pid()));
    process.destroy(); // SIGTERM
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(socket).doesNotExist();
    assertThat(root.resolve("run/berthd.pid")).doesNotExist();
  }

  @Test
  void debugFlag_berthdsOwnLoggers_writeDebugLines() throws Exception {
    Files.writeString(root.resolve("daemon.json"), "{}");
    Path socket = root.resolve("run/berth.sock");
    process = berthd(socket, "--debug");
    awaitSocket(socket, process);
    assertThat(UnixHttp.get(socket, "/_ping").text()).isEqualTo("OK");
    process.destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // every class that makes a logger while the flags are read would fix slf4j's level before --debug is applied
    assertThat(Files.readString(root.resolve("berthd.log"))).contains("DEBUG");
  }

  /** bin/berthd, the launcher, with this module's packaged jar (failsafe runs after package). */
  private Process launcher(Path socket) throws IOException {
    Path script = Path.of("..", "bin", "berthd").toAbsolutePath().normalize();
    List<String> cmd = List.of(script.toString(), "-H", "unix://" + socket, "--data-root", root.resolve("data").toString(),
        "--exec-root", root.resolve("run").toString(), "--storage-driver", "vfs", "--config-file", root.resolve("daemon.json").toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(root.resolve("berthd.log").toFile());
    // the dynamic archive is what this class tests: the build's AOT cache, when fresh, would replace it (BerthdAotCacheIT)
    pb.environment().put("BERTHD_AOT", "0");
    return pb.start();
  }

  @Test
  void launcher_firstStop_writesClassArchiveInExecRootThatTheNextStartUses() throws Exception {
    Files.writeString(root.resolve("daemon.json"), "{}");
    Path socket = root.resolve("run/berth.sock");
    Path archive = root.resolve("run/berthd.jsa");
    java.nio.file.attribute.FileTime written = null;
    for (int start = 0; start < 2; start++) {
      process = launcher(socket);
      awaitSocket(socket, process);
      assertThat(UnixHttp.get(socket, "/_ping").text()).isEqualTo("OK");
      process.destroy(); // SIGTERM: the first time, the JVM writes the archive as it exits
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(archive).isNotEmptyFile();
      if (written == null) written = Files.getLastModifiedTime(archive);
    }
    // a valid archive is mapped and kept; a stale or unusable one would have been written again
    assertThat(Files.getLastModifiedTime(archive)).isEqualTo(written);
    assertThat(Files.readString(root.resolve("berthd.log"))).doesNotContainIgnoringCase("warning").doesNotContain("[cds");
  }

  @Test
  void start_unknownConfigKey_exits1NamingFileAndKey() throws Exception {
    Files.writeString(root.resolve("daemon.json"), "{\"storage-drivr\": \"vfs\"}");
    process = berthd(root.resolve("run/berth.sock"));
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(Files.readString(root.resolve("berthd.log"))).contains(root.resolve("daemon.json").toString()).contains("storage-drivr");
  }
}
