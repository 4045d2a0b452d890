package dev.berth.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.CliRun;
import dev.berth.testing.FakeDaemon;
import dev.berth.testing.FakeDaemon.Response;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemCommandsTest {
  static final Instant NOW = Instant.parse("2026-11-28T05:00:00Z");

  @TempDir Path dir;
  FakeDaemon daemon;

  @BeforeEach
  void start() throws Exception {
    daemon = new FakeDaemon(dir);
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  CliRun berth(String... args) {
    return CliRun.run(daemon.host(), new byte[0], false, Clock.fixed(NOW, ZoneOffset.UTC), args);
  }

  @Test
  void version_daemonAnswers_printsBothSides() {
    daemon.apiVersion("1.45").route("GET /version", Response.ok(
        "{\"Version\":\"0.1.0\",\"ApiVersion\":\"1.45\",\"MinAPIVersion\":\"1.24\",\"Os\":\"linux\",\"Arch\":\"amd64\",\"KernelVersion\":\"6.1\","
            + "\"Components\":[{\"Name\":\"Engine\",\"Version\":\"0.1.0\"},{\"Name\":\"Berth\",\"Version\":\"0.1.0\",\"Details\":{\"Runtime\":\"Java 25\"}}]}"));
    CliRun run = berth("version");
    assertThat(run.out()).contains("Client:\n Version:           0.1.0\n API version:       1.45 (downgraded from 1.47)\n");
    assertThat(run.out()).contains("\nServer: Berth Engine\n Engine:\n  Version:          0.1.0\n  API version:      1.45 (minimum version 1.24)\n");
    assertThat(run.out()).contains("  OS/Arch:          linux/amd64\n  Kernel version:   6.1\n Berth:\n  Version:          0.1.0\n  Runtime:          Java 25\n");
  }

  @Test
  void version_json_nestsClientAndServer() {
    daemon.route("GET /version", Response.ok("{\"Version\":\"9\"}"));
    assertThat(berth("version", "--format", "json").out()).startsWith("{\"Client\":{\"Version\":\"0.1.0\"").contains("\"Server\":{\"Version\":\"9\"}");
    assertThat(berth("version", "-f", "{{.Client.Version}}/{{.Server.Version}}").out()).isEqualTo("0.1.0/9\n");
  }

  @Test
  void version_noDaemon_printsClientThenFails() {
    CliRun run = CliRun.run("unix://" + dir.resolve("none.sock"), "version");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).startsWith("Client:\n");
    assertThat(run.err()).isEqualTo("Cannot connect to the Berth daemon at unix://" + dir.resolve("none.sock") + ". Is berthd running?\n");
  }

  @Test
  void info_daemonAnswers_printsServerFacts() {
    daemon.route("GET /info", Response.ok("{\"Containers\":0,\"Images\":3,\"ServerVersion\":\"0.1.0\",\"Driver\":\"overlay\","
        + "\"DriverStatus\":[[\"Backing Filesystem\",\"extfs\"]],\"NCPU\":2,\"MemTotal\":4294967296,\"DockerRootDir\":\"/var/lib/berth\"}"));
    CliRun run = berth("info");
    assertThat(run.out()).contains(" Images: 3\n Server Version: 0.1.0\n Storage Driver: overlay\n  Backing Filesystem: extfs\n");
    assertThat(run.out()).contains(" CPUs: 2\n Total Memory: 4GiB\n").contains(" Berth Root Dir: /var/lib/berth\n");
    assertThat(berth("system", "info", "--format", "{{.Images}} {{.ClientInfo.Version}}").out()).isEqualTo("3 0.1.0\n");
  }

  @Test
  void df_imagesInUse_reclaimableExcludesThem() {
    daemon.route("GET /system/df", Response.ok("{\"LayersSize\":10000000,\"Images\":[{\"Size\":4000000,\"SharedSize\":0,\"Containers\":1},"
        + "{\"Size\":6000000,\"SharedSize\":0,\"Containers\":0}],\"Containers\":[],\"Volumes\":[],\"BuildCache\":[]}"));
    assertThat(berth("system", "df").out()).isEqualTo(
        "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"
            + "Images          2         1         10MB      6MB (60%)\n"
            + "Containers      0         0         0B        0B\n"
            + "Local Volumes   0         0         0B        0B\n"
            + "Build Cache     0         0         0B        0B\n");
  }

  @Test
  void systemPrune_force_prunesImages() {
    daemon.route("POST /images/prune", Response.ok("{\"ImagesDeleted\":[{\"Deleted\":\"sha256:1\"}],\"SpaceReclaimed\":1500}"));
    assertThat(berth("system", "prune", "-f").out()).isEqualTo("Deleted Images:\ndeleted: sha256:1\n\nTotal reclaimed space: 1.5kB\n");
    assertThat(daemon.last("POST /images/prune").param("filters")).isNull();
  }

  @Test
  void events_stream_printsDockerLines() {
    daemon.route("GET /events", Response.stream(
        "{\"Type\":\"image\",\"Action\":\"tag\",\"Actor\":{\"ID\":\"sha256:1\",\"Attributes\":{\"name\":\"a:1\"}},\"time\":1764306000,\"timeNano\":1764306000123456789}",
        "{\"Type\":\"image\",\"Action\":\"delete\",\"Actor\":{\"ID\":\"sha256:1\",\"Attributes\":{}},\"time\":1764306001,\"timeNano\":1764306001000000000}"));
    CliRun run = berth("events", "--since", "10m", "--until", "2026-11-28T05:00:00Z", "--filter", "type=image");
    assertThat(run.out()).isEqualTo(
        "2025-11-28T05:00:00.123456789Z image tag sha256:1 (name=a:1)\n"
            + "2025-11-28T05:00:01.000000000Z image delete sha256:1\n");
    FakeDaemon.Request r = daemon.last("GET /events");
    assertThat(r.param("since")).isEqualTo(NOW.getEpochSecond() - 600 + ".000000000");
    assertThat(r.param("until")).isEqualTo(NOW.getEpochSecond() + ".000000000");
    assertThat(r.param("filters")).isEqualTo("{\"type\":[\"image\"]}");
  }

  @Test
  void events_jsonFormat_printsMessagesAsReceived() {
    daemon.route("GET /events", Response.stream("{\"Type\":\"image\",\"Action\":\"tag\"}"));
    assertThat(berth("events", "--format", "json").out()).isEqualTo("{\"Type\":\"image\",\"Action\":\"tag\"}\n");
  }
}
