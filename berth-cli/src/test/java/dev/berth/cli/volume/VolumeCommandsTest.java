package dev.berth.cli.volume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.DaemonClient;
import dev.berth.testing.CliRun;
import dev.berth.testing.FakeDaemon;
import dev.berth.testing.FakeDaemon.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volume commands against a scripted daemon: what they ask for and what they print. */
class VolumeCommandsTest {
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

  CliRun berthWithInput(String stdin, String... args) {
    return CliRun.run(daemon.host(), stdin.getBytes(StandardCharsets.UTF_8), false, Clock.fixed(NOW, ZoneOffset.UTC), args);
  }

  static String volume(String name, String labels) {
    return "{\"Name\":\"" + name + "\",\"Driver\":\"local\",\"Mountpoint\":\"/var/lib/berth/volumes/" + name + "/_data\","
        + "\"CreatedAt\":\"2026-11-28T04:00:00Z\",\"Labels\":" + labels + ",\"Scope\":\"local\",\"Options\":{},"
        + "\"UsageData\":{\"Size\":-1,\"RefCount\":0}}";
  }

  static JsonNode body(FakeDaemon.Request r) throws Exception {
    return DaemonClient.mapper().readTree(r.body());
  }

  @Test
  void create_nameOptionsAndLabels_becomeTheBodyAndPrintTheName() throws Exception {
    daemon.route("POST /volumes/create", r -> Response.json(201, volume("web-data", "{}")));
    CliRun run = berth("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "--opt", "o=size=64m,uid=1000", "--label", "team=web", "--label", "flag", "web-data");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("web-data\n");
    JsonNode body = body(daemon.last("POST /volumes/create"));
    assertThat(body.get("Name").asText()).isEqualTo("web-data");
    assertThat(body.get("Driver").asText()).isEqualTo("local");
    assertThat(body.get("DriverOpts").get("o").asText()).isEqualTo("size=64m,uid=1000");
    assertThat(body.get("DriverOpts").get("type").asText()).isEqualTo("tmpfs");
    assertThat(body.get("Labels").get("team").asText()).isEqualTo("web");
    assertThat(body.get("Labels").get("flag").asText()).isEmpty();
  }

  @Test
  void create_noName_sendsNoNameAndPrintsTheAnonymousOne() throws Exception {
    String anon = "ab".repeat(32);
    daemon.route("POST /volumes/create", r -> Response.json(201, volume(anon, "{}")));
    CliRun run = berth("volume", "create");
    assertThat(run.out()).isEqualTo(anon + "\n");
    assertThat(body(daemon.last("POST /volumes/create")).has("Name")).isFalse();
  }

  @Test
  void create_nameFlagAndArgumentDiffer_isRefusedBeforeAnyCall() {
    CliRun run = berth("volume", "create", "--name", "a1", "b1");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("conflicting options: either specify --name or provide positional arg, not both");
    assertThat(daemon.requests()).noneMatch(r -> r.path().equals("/volumes/create"));
  }

  @Test
  void create_daemonRefuses_printsItsMessage() {
    daemon.route("POST /volumes/create", Response.error(400, "create a: volume name is too short, names should be at least two alphanumeric characters"));
    CliRun run = berth("volume", "create", "a");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Error response from daemon: create a: volume name is too short, names should be at least two alphanumeric characters\n");
  }

  @Test
  void ls_printsDockerTableSortedByName() {
    daemon.route("GET /volumes", Response.ok("{\"Volumes\":[" + volume("web-data", "{}") + "," + volume("a-very-long-volume-name", "{}") + "],\"Warnings\":[]}"));
    CliRun run = berth("volume", "ls");
    assertThat(run.status()).isZero();
    assertThat(run.out()).isEqualTo(
        "DRIVER    VOLUME NAME\n"
            + "local     a-very-long-volume-name\n"
            + "local     web-data\n");
  }

  @Test
  void ls_quietFilterAndFormat() {
    daemon.route("GET /volumes", Response.ok("{\"Volumes\":[" + volume("web-data", "{\"team\":\"web\",\"a\":\"1\"}") + "],\"Warnings\":null}"));
    assertThat(berth("volume", "ls", "-q", "--filter", "dangling=true", "-f", "label=team").out()).isEqualTo("web-data\n");
    assertThat(daemon.last("GET /volumes").param("filters")).isEqualTo("{\"dangling\":[\"true\"],\"label\":[\"team\"]}");
    assertThat(berth("volume", "list", "--format", "{{.Name}} {{.Scope}} {{.Labels}} {{.Mountpoint}}").out())
        .isEqualTo("web-data local a=1,team=web /var/lib/berth/volumes/web-data/_data\n");
  }

  @Test
  void inspect_printsPrettyArrayOrTemplate_missingIsReported() {
    daemon.route("GET /volumes/web-data", Response.ok(volume("web-data", "{}")));
    daemon.route("GET /volumes/nope", Response.error(404, "get nope: no such volume"));
    CliRun run = berth("volume", "inspect", "web-data");
    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith("[\n    {\n        \"Name\": \"web-data\",\n        \"Driver\": \"local\",");
    assertThat(berth("volume", "inspect", "-f", "{{.Mountpoint}}", "web-data").out()).isEqualTo("/var/lib/berth/volumes/web-data/_data\n");
    CliRun missing = berth("volume", "inspect", "web-data", "nope");
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.out()).contains("\"web-data\"");
    assertThat(missing.err()).isEqualTo("Error response from daemon: get nope: no such volume\n");
  }

  @Test
  void rm_removesEachGoesOnPastFailuresAndPassesForce() {
    daemon.route("DELETE /volumes/a1", new Response(204, "application/json", java.util.List.of(new byte[0]), java.util.Map.of()));
    daemon.route("DELETE /volumes/busy", Response.error(409, "remove busy: volume is in use - [abc123]"));
    daemon.route("DELETE /volumes/b2", new Response(204, "application/json", java.util.List.of(new byte[0]), java.util.Map.of()));
    CliRun run = berth("volume", "rm", "-f", "a1", "busy", "b2");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("a1\nb2\n");
    assertThat(run.err()).isEqualTo("Error response from daemon: remove busy: volume is in use - [abc123]\n");
    assertThat(daemon.last("DELETE /volumes/a1").param("force")).isEqualTo("1");
  }

  @Test
  void prune_asksFirstAndStopsOnNo() {
    daemon.route("POST /volumes/prune", Response.ok("{\"VolumesDeleted\":[],\"SpaceReclaimed\":0}"));
    CliRun run = berthWithInput("n\n", "volume", "prune");
    assertThat(run.out()).startsWith(VolumePruneCommand.ANONYMOUS_WARNING + "\nAre you sure you want to continue? [y/N] ");
    assertThat(daemon.requests()).noneMatch(r -> r.path().equals("/volumes/prune"));
  }

  @Test
  void prune_allForced_sendsAllFilterAndPrintsWhatWent() {
    daemon.route("POST /volumes/prune", Response.ok("{\"VolumesDeleted\":[\"old1\",\"old2\"],\"SpaceReclaimed\":2048}"));
    CliRun run = berth("volume", "prune", "-a", "-f", "--filter", "label!=keep");
    assertThat(run.status()).isZero();
    assertThat(run.out()).isEqualTo("Deleted Volumes:\nold1\nold2\n\nTotal reclaimed space: 2.048kB\n");
    assertThat(daemon.last("POST /volumes/prune").param("filters")).isEqualTo("{\"label!\":[\"keep\"],\"all\":[\"true\"]}");
  }

  @Test
  void volume_bare_listsItsCommands() {
    CliRun run = berth("volume");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("create").contains("ls").contains("inspect").contains("rm").contains("prune");
  }

  @Test
  void systemDf_localVolumesRow_countsActiveAndReclaimable() {
    daemon.route("GET /system/df", Response.ok("{\"LayersSize\":0,\"Images\":[],\"Containers\":[],\"BuildCache\":[],\"Volumes\":["
        + "{\"Name\":\"a1\",\"UsageData\":{\"Size\":3000,\"RefCount\":0}},"
        + "{\"Name\":\"b2\",\"UsageData\":{\"Size\":1000,\"RefCount\":2}},"
        + "{\"Name\":\"c3\",\"UsageData\":{\"Size\":-1,\"RefCount\":0}}]}"));
    CliRun run = berth("system", "df", "--format", "{{.Type}}|{{.TotalCount}}|{{.Active}}|{{.Size}}|{{.Reclaimable}}");
    assertThat(run.out().lines()).contains("Local Volumes|3|1|4kB|3kB (75%)");
  }

  @Test
  void systemPrune_volumes_prunesAnonymousVolumesThenImages() {
    daemon.route("POST /volumes/prune", Response.ok("{\"VolumesDeleted\":[\"anon1\"],\"SpaceReclaimed\":1000}"));
    daemon.route("POST /images/prune", Response.ok("{\"ImagesDeleted\":[],\"SpaceReclaimed\":500}"));
    CliRun run = berthWithInput("y\n", "system", "prune", "--volumes");
    assertThat(run.out()).isEqualTo("WARNING! This will remove:\n  - all anonymous volumes not used by at least one container\n"
        + "  - all dangling images\n\nAre you sure you want to continue? [y/N] Deleted Volumes:\nanon1\n\nTotal reclaimed space: 1.5kB\n");
    assertThat(daemon.last("POST /volumes/prune").param("filters")).isNull();
  }
}
