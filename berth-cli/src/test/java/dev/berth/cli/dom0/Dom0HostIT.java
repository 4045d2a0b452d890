package dev.berth.cli.dom0;

import static dev.berth.cli.dom0.Dom0Daemon.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.sys.HostName;
import dev.berth.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host side of berthd's boot, with {@code bin/berthd} as a process of its own in a UTS namespace of its own
 * ({@code unshare --uts}), so that setting the host name changes only that namespace's: the name from
 * {@code host/etc/hostname}, bootsync before the API socket exists, bootlocal after, both logged, and failures that
 * leave berthd serving.
 */
class Dom0HostIT {
  private static final Path BERTHD = Path.of("..", "bin", "berthd").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path root;
  private Path data;
  private Path socket;
  private Process berthd;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createTempDirectory("berth-dom0-host-");
    data = root.resolve("data");
    socket = root.resolve("berthd.sock");
    Files.createDirectories(data.resolve("host/etc"));
    Files.writeString(root.resolve("daemon.json"), "{}");
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      stopBerthd();
    } finally {
      new ProcessBuilder("umount", "-R", root.resolve("run").toString()).redirectErrorStream(true).start().waitFor();
      dev.berth.sys.FileTrees.delete(root);
    }
  }

  @Test
  void boot_setsTheHostNameInItsNamespace_runsBootsyncBeforeTheApiAndBootlocalAfter() throws Exception {
    String machine = HostName.get();
    Files.writeString(data.resolve("host/etc/hostname"), "berth-farm-07\n");
    Files.writeString(data.resolve("host/bootsync.sh"), """
        echo sync-out
        if [ -S "${DOCKER_HOST#unix://}" ]; then echo socket-open; else echo socket-absent; fi > "$BERTH_DATA_ROOT/sync-saw"
        hostname > "$BERTH_DATA_ROOT/sync-hostname"
        """);
    Files.writeString(data.resolve("host/bootlocal.sh"), """
        echo local-out; echo local-err >&2
        if [ -S "${DOCKER_HOST#unix://}" ]; then echo socket-open; else echo socket-absent; fi > "$BERTH_DATA_ROOT/local-saw"
        """);

    startBerthd();
    JsonNode boot = waitForBoot();

    assertThat(run("nsenter", "--uts", "-t", Long.toString(berthd.pid()), "hostname").strip()).isEqualTo("berth-farm-07");
    assertThat(HostName.get()).as("this machine's host name").isEqualTo(machine);
    assertThat(step(boot, "hostname").path("Outcome").asText()).isEqualTo("done");
    assertThat(step(boot, "hostname").path("Detail").asText()).contains("set the host name to berth-farm-07");
    assertThat(Files.readString(data.resolve("sync-hostname")).strip()).as("bootsync runs after the host name is set").isEqualTo("berth-farm-07");

    assertThat(Files.readString(data.resolve("sync-saw")).strip()).isEqualTo("socket-absent");
    assertThat(Files.getLastModifiedTime(data.resolve("sync-saw")).toMillis())
        .isLessThanOrEqualTo(Files.getLastModifiedTime(socket).toMillis());
    assertThat(Files.readString(data.resolve("local-saw")).strip()).isEqualTo("socket-open");
    assertThat(Files.readString(data.resolve("host/log/bootsync.log"))).contains("sync-out");
    assertThat(Files.readString(data.resolve("host/log/bootlocal.log"))).contains("local-out", "local-err");
    assertThat(step(boot, "bootsync").path("ExitCode").asInt()).isZero();
    assertThat(step(boot, "bootlocal").path("Outcome").asText()).isEqualTo("done");
    assertThat(berth("dom0", "status").out()).contains("hostname", "set the host name to berth-farm-07", "bootsync", "bootlocal");
  }

  @Test
  void boot_badHostNameAndFailingHooks_areRecorded_andBerthdServes() throws Exception {
    String machine = HostName.get();
    Files.writeString(data.resolve("host/etc/hostname"), "not_a host\n");
    Files.writeString(data.resolve("host/bootsync.sh"), "echo sync failing; exit 3\n");
    Files.writeString(data.resolve("host/bootlocal.sh"), "exit 5\n");

    startBerthd();
    JsonNode boot = waitForBoot();

    assertThat(berth("version").status()).isZero();
    assertThat(boot.path("Failed").asBoolean()).isTrue();
    assertThat(step(boot, "hostname").path("Error").asText()).contains("\"not_a host\" is not a valid host name");
    assertThat(step(boot, "bootsync").path("ExitCode").asInt()).isEqualTo(3);
    assertThat(step(boot, "bootlocal").path("ExitCode").asInt()).isEqualTo(5);
    assertThat(run("nsenter", "--uts", "-t", Long.toString(berthd.pid()), "hostname").strip()).isEqualTo(machine);
    assertThat(berth("dom0", "status").out()).contains("failed", "exited with code 3", "exited with code 5");
  }

  private void startBerthd() throws Exception {
    List<String> cmd = List.of("unshare", "--uts", BERTHD.toString(), "--config-file=" + root.resolve("daemon.json"),
        "--data-root=" + data, "--exec-root=" + root.resolve("run"), "-H", "unix://" + socket, "--storage-driver=vfs",
        "--bridge=none", "--group=root");
    berthd = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(root.resolve("berthd.log").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!berthd.isAlive()) throw new AssertionError("berthd exited: " + Files.readString(root.resolve("berthd.log")));
      if (Files.exists(socket) && berth("version").status() == 0) return;
      Thread.sleep(200);
    }
    throw new AssertionError("berthd did not answer within 60 s: " + Files.readString(root.resolve("berthd.log")));
  }

  private JsonNode waitForBoot() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonNode s = null;
    while (System.nanoTime() < deadline) {
      s = JSON.readTree(berth("dom0", "status", "--format", "json").out());
      JsonNode newest = s.path("Boots").get(0);
      if (newest != null && newest.has("Finished") && !newest.path("Finished").isNull()) return newest;
      Thread.sleep(200);
    }
    throw new AssertionError("the boot did not finish within 60 s: " + s);
  }

  private void stopBerthd() throws InterruptedException {
    if (berthd == null || !berthd.isAlive()) return;
    berthd.destroy();
    if (!berthd.waitFor(60, TimeUnit.SECONDS)) berthd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  private CliRun berth(String... args) {
    return CliRun.run("unix://" + socket, args);
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    return out;
  }
}
