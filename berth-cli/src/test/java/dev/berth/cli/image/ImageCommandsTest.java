package dev.berth.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.CliRun;
import dev.berth.testing.FakeDaemon;
import dev.berth.testing.FakeDaemon.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image commands against a scripted daemon: what they ask for and what they print. */
class ImageCommandsTest {
  static final String ID = "sha256:" + "0123456789ab".repeat(5) + "cdef";
  static final Instant NOW = Instant.parse("2026-11-28T05:00:00Z");
  static final long CREATED = NOW.getEpochSecond() - 150;

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

  void images(String json) {
    daemon.route("GET /images/json", Response.ok(json));
  }

  String image(String tags, String digests) {
    return "{\"Id\":\"" + ID + "\",\"RepoTags\":" + tags + ",\"RepoDigests\":" + digests + ",\"Created\":" + CREATED
        + ",\"Size\":4261234,\"SharedSize\":-1,\"Containers\":-1}";
  }

  @Test
  void images_taggedImage_printsDockerTable() {
    images("[" + image("[\"busybox:latest\",\"me/bb:1\"]", "[]") + "]");
    CliRun run = berth("images");
    assertThat(run.status()).isZero();
    assertThat(run.out()).isEqualTo(
        "REPOSITORY   TAG       IMAGE ID       CREATED         SIZE\n"
            + "busybox      latest    0123456789ab   2 minutes ago   4.26MB\n"
            + "me/bb        1         0123456789ab   2 minutes ago   4.26MB\n");
  }

  @Test
  void images_danglingImage_showsNone() {
    images("[" + image("[]", "[]") + "]");
    assertThat(berth("images", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}").out()).isEqualTo("<none> <none> <none>\n");
  }

  @Test
  void images_digests_addsDigestColumnPerTag() {
    images("[" + image("[\"busybox:latest\"]", "[\"busybox@sha256:" + "a".repeat(64) + "\"]") + "]");
    CliRun run = berth("images", "--digests");
    assertThat(run.out().lines().toList().getFirst()).matches("REPOSITORY +TAG +DIGEST +IMAGE ID +CREATED +SIZE");
    assertThat(run.out()).contains("busybox      latest    sha256:" + "a".repeat(64));
    assertThat(daemon.last("GET /images/json").param("digests")).isEqualTo("1");
  }

  @Test
  void images_flags_becomeQueryParameters() {
    images("[]");
    berth("images", "-a", "--filter", "dangling=true", "busy*");
    FakeDaemon.Request request = daemon.last("GET /images/json");
    assertThat(request.param("all")).isEqualTo("1");
    assertThat(request.param("filters")).isEqualTo("{\"dangling\":[\"true\"],\"reference\":[\"busy*\"]}");
  }

  @Test
  void images_quiet_printsUniqueShortIds() {
    images("[" + image("[\"a:1\"]", "[]") + "," + image("[\"b:1\"]", "[]") + "]");
    assertThat(berth("images", "-q").out()).isEqualTo("0123456789ab\n");
  }

  @Test
  void images_globalJsonFormat_printsJsonLines() {
    images("[" + image("[\"busybox:latest\"]", "[]") + "]");
    assertThat(berth("--format", "json", "images").out()).isEqualTo(
        "{\"Containers\":\"N/A\",\"CreatedAt\":\"2026-11-28 04:57:30 +0000 UTC\",\"CreatedSince\":\"2 minutes ago\","
            + "\"Digest\":\"\\u003cnone\\u003e\",\"ID\":\"0123456789ab\",\"Repository\":\"busybox\",\"SharedSize\":\"N/A\","
            + "\"Size\":\"4.26MB\",\"Tag\":\"latest\",\"UniqueSize\":\"N/A\",\"VirtualSize\":\"4.261MB\"}\n");
  }

  @Test
  void images_badFilter_failsWithoutCallingDaemon() {
    CliRun run = berth("images", "--filter", "dangling");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("bad format of filter (expected name=value): \"dangling\"\n");
    assertThat(daemon.requests()).isEmpty();
  }

  @Test
  void inspect_twoImages_printsPrettyArray() {
    daemon.route("GET /images/a/json", Response.ok("{\"Id\":\"sha256:1\",\"RepoTags\":[]}"));
    daemon.route("GET /images/b/json", Response.ok("{\"Id\":\"sha256:2\"}"));
    assertThat(berth("inspect", "a", "b").out()).isEqualTo(
        "[\n    {\n        \"Id\": \"sha256:1\",\n        \"RepoTags\": []\n    },\n    {\n        \"Id\": \"sha256:2\"\n    }\n]\n");
  }

  @Test
  void inspect_oneMissing_printsFoundThenErrorAndFails() {
    daemon.route("GET /images/a/json", Response.ok("{\"Id\":\"sha256:1\"}"));
    daemon.route("GET /images/nope/json", Response.error(404, "No such image: nope:latest"));
    CliRun run = berth("image", "inspect", "nope", "a");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("[\n    {\n        \"Id\": \"sha256:1\"\n    }\n]\n");
    assertThat(run.err()).isEqualTo("Error response from daemon: No such image: nope:latest\n");
  }

  @Test
  void inspect_template_printsPerImage() {
    daemon.route("GET /images/a/json", Response.ok("{\"Id\":\"sha256:1\",\"Config\":{\"Cmd\":[\"sh\"]}}"));
    assertThat(berth("image", "inspect", "-f", "{{.Id}} {{json .Config.Cmd}}", "a").out()).isEqualTo("sha256:1 [\"sh\"]\n");
  }

  @Test
  void tag_registryWithPort_splitsTagNotPort() {
    daemon.route("POST /images/busybox/tag", Response.json(201, ""));
    assertThat(berth("tag", "busybox", "localhost:5000/bb").status()).isZero();
    FakeDaemon.Request r = daemon.last("POST /images/busybox/tag");
    assertThat(r.param("repo")).isEqualTo("localhost:5000/bb");
    assertThat(r.param("tag")).isEqualTo("latest");
  }

  @Test
  void rmi_oneFails_goesOnAndExitsOne() {
    daemon.route("DELETE /images/a", Response.ok("[{\"Untagged\":\"a:latest\"},{\"Deleted\":\"sha256:1\"}]"));
    daemon.route("DELETE /images/nope", Response.error(404, "No such image: nope:latest"));
    daemon.route("DELETE /images/b", Response.ok("[{\"Untagged\":\"b:latest\"}]"));
    CliRun run = berth("rmi", "-f", "a", "nope", "b");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("Untagged: a:latest\nDeleted: sha256:1\nUntagged: b:latest\n");
    assertThat(run.err()).isEqualTo("Error response from daemon: No such image: nope:latest\n");
    assertThat(daemon.last("DELETE /images/a").param("force")).isEqualTo("1");
  }

  @Test
  void history_longStep_isTruncatedUnlessNoTrunc() {
    String step = "/bin/sh -c #(nop) ADD file:0123456789abcdef0123456789 in /";
    daemon.route("GET /images/bb/history", Response.ok("[{\"Id\":\"" + ID + "\",\"Created\":" + CREATED + ",\"CreatedBy\":\"" + step
        + "\",\"Size\":1000,\"Comment\":\"\"},{\"Id\":\"<missing>\",\"Created\":" + CREATED + ",\"CreatedBy\":\"x\",\"Size\":0}]"));
    CliRun run = berth("history", "bb");
    assertThat(run.out()).isEqualTo(
        "IMAGE          CREATED         CREATED BY                                      SIZE      COMMENT\n"
            + "0123456789ab   2 minutes ago   /bin/sh -c #(nop) ADD file:0123456789abcdef0…   1kB       \n"
            + "<missing>      2 minutes ago   x                                               0B        \n");
    assertThat(berth("history", "--no-trunc", "--format", "{{.CreatedBy}}", "bb").out().lines().toList().getFirst()).isEqualTo(step);
    assertThat(berth("history", "-H=false", "--format", "{{.CreatedSince}} {{.Size}}", "bb").out().lines().toList().getFirst())
        .isEqualTo("2026-11-28T04:57:30Z 1000");
  }

  @Test
  void save_toFile_writesWholeBodyAtomically() throws Exception {
    byte[] tar = new byte[200_000];
    new java.util.Random(1).nextBytes(tar);
    daemon.route("GET /images/get", new Response(200, "application/x-tar", java.util.List.of(tar, tar), java.util.Map.of()));
    Path out = dir.resolve("out.tar");
    assertThat(berth("save", "-o", out.toString(), "a", "b:1").status()).isZero();
    byte[] expected = new byte[400_000];
    System.arraycopy(tar, 0, expected, 0, tar.length);
    System.arraycopy(tar, 0, expected, tar.length, tar.length);
    assertThat(Files.readAllBytes(out)).isEqualTo(expected);
    assertThat(daemon.last("GET /images/get").query().get("names")).containsExactly("a", "b:1");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
    }
  }

  @Test
  void save_daemonError_leavesNoFile() {
    daemon.route("GET /images/get", Response.error(404, "No such image: nope:latest"));
    Path out = dir.resolve("out.tar");
    CliRun run = berth("save", "-o", out.toString(), "nope");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Error response from daemon: No such image: nope:latest\n");
    assertThat(out).doesNotExist();
  }

  @Test
  void save_toTerminal_refusesBeforeCallingDaemon() {
    CliRun run = CliRun.run(daemon.host(), new byte[0], true, Clock.systemUTC(), "save", "busybox");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("cowardly refusing to save to a terminal. Use the -o flag or redirect\n");
    assertThat(daemon.requests()).isEmpty();
  }

  @Test
  void load_stdin_sendsBodyAndPrintsStream() {
    daemon.route("POST /images/load", Response.stream("{\"status\":\"Unpacking\",\"id\":\"abc\"}", "{\"stream\":\"Loaded image: a:1\\n\"}"));
    CliRun run = CliRun.run(daemon.host(), "TARBYTES".getBytes(), false, Clock.systemUTC(), "load");
    assertThat(run.out()).isEqualTo("abc: Unpacking\nLoaded image: a:1\n");
    assertThat(daemon.last("POST /images/load").body()).isEqualTo("TARBYTES".getBytes());
    CliRun quiet = CliRun.run(daemon.host(), "T".getBytes(), false, Clock.systemUTC(), "load", "-q");
    assertThat(quiet.out()).isEqualTo("Loaded image: a:1\n");
    assertThat(daemon.last("POST /images/load").param("quiet")).isEqualTo("1");
  }

  @Test
  void load_missingFile_saysSo() {
    CliRun run = berth("load", "-i", dir.resolve("none.tar").toString());
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("none.tar: no such file or directory");
  }

  @Test
  void import_changesAndMessage_becomeQueryParameters() throws Exception {
    daemon.route("POST /images/create", Response.stream("{\"status\":\"" + ID + "\"}"));
    Path tar = Files.write(dir.resolve("rootfs.tar"), new byte[] {1, 2, 3});
    CliRun run = berth("import", "-c", "CMD [\"/bin/sh\"]", "--change", "ENV A=b", "-m", "made by hand", tar.toString(), "me/img:v1");
    assertThat(run.out()).isEqualTo(ID + "\n");
    FakeDaemon.Request r = daemon.last("POST /images/create");
    assertThat(r.param("fromSrc")).isEqualTo("-");
    assertThat(r.param("repo")).isEqualTo("me/img");
    assertThat(r.param("tag")).isEqualTo("v1");
    assertThat(r.param("message")).isEqualTo("made by hand");
    assertThat(r.query().get("changes")).containsExactly("CMD [\"/bin/sh\"]", "ENV A=b");
    assertThat(r.body()).containsExactly(1, 2, 3);
  }

  @Test
  void import_url_isRefused() {
    CliRun run = berth("import", "http://example.invalid/rootfs.tar");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("importing from a URL is not supported");
  }

  @Test
  void imagePrune_all_sendsDanglingFalseAndReports() {
    daemon.route("POST /images/prune", Response.ok("{\"ImagesDeleted\":[{\"Untagged\":\"a:1\"},{\"Deleted\":\"sha256:1\"}],\"SpaceReclaimed\":4261234}"));
    CliRun run = berth("image", "prune", "-a", "-f");
    assertThat(run.out()).isEqualTo("Deleted Images:\nuntagged: a:1\ndeleted: sha256:1\n\nTotal reclaimed space: 4.261MB\n");
    assertThat(daemon.last("POST /images/prune").param("filters")).isEqualTo("{\"dangling\":[\"false\"]}");
  }

  @Test
  void imagePrune_answerYes_prunes() {
    daemon.route("POST /images/prune", Response.ok("{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}"));
    CliRun run = CliRun.run(daemon.host(), "y\n".getBytes(), false, Clock.systemUTC(), "image", "prune");
    assertThat(run.out()).isEqualTo("WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] Total reclaimed space: 0B\n");
    assertThat(daemon.last("POST /images/prune").param("filters")).isNull();
  }

  @Test
  void imagePrune_noAnswer_doesNothing() {
    CliRun run = berth("image", "prune");
    assertThat(run.status()).isZero();
    assertThat(daemon.requests()).isEmpty();
  }
}
