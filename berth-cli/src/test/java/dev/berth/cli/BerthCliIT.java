package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cli.bootstrap.RootfsEntry;
import dev.berth.cli.bootstrap.RootfsTar;
import dev.berth.daemon.Berthd;
import dev.berth.daemon.DaemonConfig;
import dev.berth.daemon.RunningDaemon;
import dev.berth.testing.CliRun;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The berth commands, run in this process, against a real berthd started in this process on a temporary
 * socket and data root (vfs storage). Needs root and /bin/busybox (Debian's busybox-static).
 */
class BerthCliIT {
  @TempDir Path tmp;
  RunningDaemon daemon;
  String host;

  @BeforeEach
  void startDaemon() {
    daemon = Berthd.start(DaemonConfig.forTest(tmp.resolve("berthd")));
    host = daemon.dockerHost();
  }

  @AfterEach
  void stopDaemon() {
    daemon.close();
  }

  CliRun berth(String... args) {
    return CliRun.run(host, args);
  }

  CliRun ok(String... args) {
    CliRun run = berth(args);
    assertThat(run.status()).as("berth %s: %s", String.join(" ", args), run.err()).isZero();
    return run;
  }

  JsonNode inspect(String name) throws Exception {
    return new ObjectMapper().readTree(ok("image", "inspect", name).out()).get(0);
  }

  String bootstrapBusybox() {
    CliRun run = ok("image", "bootstrap", "busybox");
    assertThat(run.out().strip()).matches("sha256:[0-9a-f]{64}");
    return run.out().strip();
  }

  @Test
  void bootstrap_busybox_importsRunnableLookingImage() throws Exception {
    String id = bootstrapBusybox();
    JsonNode image = inspect("busybox");
    assertThat(image.path("Id").asText()).isEqualTo(id);
    assertThat(image.path("RepoTags").toString()).isEqualTo("[\"busybox:latest\"]");
    assertThat(image.path("Config").path("Cmd").toString()).isEqualTo("[\"/bin/sh\"]");
    assertThat(image.path("Config").path("Env").toString()).contains("PATH=/bin");
    assertThat(image.path("RootFS").path("Layers")).hasSize(1);
  }

  @Test
  void bootstrap_twice_importsNothingTheSecondTime() throws Exception {
    String id = bootstrapBusybox();
    String layer = inspect("busybox").path("RootFS").path("Layers").get(0).asText();
    CliRun again = ok("image", "bootstrap", "busybox");
    assertThat(again.out()).isEqualTo("busybox:latest is up to date (" + id + ")\n");
    assertThat(ok("images", "-a", "-q", "--no-trunc").out()).isEqualTo(id + "\n");
    assertThat(ok("images", "-q", "--filter", "dangling=true").out()).isEmpty();
    assertThat(inspect("busybox").path("RootFS").path("Layers").get(0).asText()).isEqualTo(layer);
  }

  @Test
  void bootstrap_tagNamesAnotherImage_importsAgain() throws Exception {
    Path tar = smallRootfs("other\n");
    String other = ok("import", tar.toString(), "busybox:latest").out().strip();
    String id = bootstrapBusybox();
    assertThat(id).isNotEqualTo(other);
    assertThat(inspect("busybox").path("Id").asText()).isEqualTo(id);
  }

  @Test
  void bootstrapDebian_cachedTarTwice_importsOnce() throws Exception {
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    try (OutputStream out = Files.newOutputStream(cache.resolve("debian-bookworm-minbase.tar"))) {
      RootfsTar.write(List.of(new RootfsEntry.Directory("etc", 0755),
          new RootfsEntry.File("etc/debian_version", 0644, "12.0\n".getBytes(StandardCharsets.UTF_8))), out);
    }
    CliRun first = ok("image", "bootstrap", "--cache-dir", cache.toString(), "debian:bookworm");
    String id = first.out().strip();
    assertThat(id).matches("sha256:[0-9a-f]{64}");
    assertThat(inspect("debian:bookworm").path("Config").path("Cmd").toString()).isEqualTo("[\"bash\"]");
    CliRun second = ok("image", "bootstrap", "--cache-dir", cache.toString(), "debian:bookworm");
    assertThat(second.out()).isEqualTo("debian:bookworm is up to date (" + id + ")\n");
    assertThat(ok("images", "-a", "-q", "--no-trunc").out()).isEqualTo(id + "\n");
  }

  Path smallRootfs(String content) throws Exception {
    Path tar = Files.createTempFile(tmp, "rootfs", ".tar");
    try (OutputStream out = Files.newOutputStream(tar)) {
      RootfsTar.write(List.of(new RootfsEntry.Directory("etc", 0755),
          new RootfsEntry.File("etc/hello", 0644, content.getBytes(StandardCharsets.UTF_8))), out);
    }
    return tar;
  }

  @Test
  void images_afterBootstrap_listsInEveryFormat() throws Exception {
    String id = bootstrapBusybox();
    String shortId = id.substring(7, 19);
    List<String> table = ok("images").out().lines().toList();
    assertThat(table.getFirst()).matches("REPOSITORY +TAG +IMAGE ID +CREATED +SIZE");
    assertThat(table.get(1)).matches("busybox +latest +" + shortId + " +(Less than a second|\\d+ seconds?) ago +\\d+(\\.\\d+)?MB");
    assertThat(ok("images", "-q").out()).isEqualTo(shortId + "\n");
    assertThat(ok("image", "ls", "-q", "--no-trunc").out()).isEqualTo(id + "\n");
    assertThat(ok("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").out()).isEqualTo("busybox:latest " + shortId + "\n");
    assertThat(ok("images", "--filter", "reference=nothing*").out().lines()).hasSize(1);
  }

  @Test
  void globalFormatJson_images_printsOneJsonObjectPerImage() throws Exception {
    String id = bootstrapBusybox();
    String out = ok("--format", "json", "images").out();
    assertThat(out.lines()).hasSize(1);
    JsonNode row = new ObjectMapper().readTree(out);
    assertThat(row.path("Repository").asText()).isEqualTo("busybox");
    assertThat(row.path("Tag").asText()).isEqualTo("latest");
    assertThat(row.path("ID").asText()).isEqualTo(id.substring(7, 19));
    assertThat(row.path("Size").asText()).endsWith("MB");
  }

  @Test
  void tagAndRmi_twoNames_untagThenDelete() throws Exception {
    String id = bootstrapBusybox();
    ok("tag", "busybox", "me/box:1");
    assertThat(ok("images", "--format", "{{.Repository}}:{{.Tag}}").out().lines()).containsExactlyInAnyOrder("busybox:latest", "me/box:1");
    assertThat(ok("rmi", "me/box:1").out()).isEqualTo("Untagged: me/box:1\n");
    // The daemon also lists the layers that went, as docker does.
    assertThat(ok("image", "rm", "busybox").out()).startsWith("Untagged: busybox:latest\nDeleted: " + id + "\n");
    assertThat(ok("images", "-q").out()).isEmpty();
  }

  @Test
  void rmi_missingImage_reportsDaemonErrorAndFails() {
    CliRun run = berth("rmi", "nope");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Error response from daemon: No such image: nope:latest\n");
  }

  @Test
  void inspect_missingImage_printsEmptyArrayAndError() {
    CliRun run = berth("image", "inspect", "nope");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("[]\n");
    assertThat(run.err()).isEqualTo("Error response from daemon: No such image: nope:latest\n");
    // the top-level inspect looks for a container, then an image, as docker's does
    CliRun any = berth("inspect", "nope");
    assertThat(any.status()).isEqualTo(1);
    assertThat(any.err()).isEqualTo("Error: No such object: nope\n");
  }

  @Test
  void history_busybox_showsTheImportStep() {
    String id = bootstrapBusybox();
    List<String> lines = ok("history", "busybox").out().lines().toList();
    assertThat(lines.getFirst()).matches("IMAGE +CREATED +CREATED BY +SIZE +COMMENT");
    assertThat(lines.get(1)).startsWith(id.substring(7, 19)).contains("ago").contains("MB");
    assertThat(ok("history", "-q", "busybox").out()).isEqualTo(id.substring(7, 19) + "\n");
    assertThat(ok("history", "-H=false", "--format", "{{.Size}}", "busybox").out().strip()).matches("\\d{6,}");
  }

  @Test
  void saveAndLoad_roundTrip_restoresTheImage() throws Exception {
    String id = bootstrapBusybox();
    Path tar = tmp.resolve("busybox.tar");
    ok("save", "-o", tar.toString(), "busybox");
    assertThat(Files.size(tar)).isGreaterThan(1_000_000);
    ok("rmi", "busybox");
    CliRun load = ok("load", "-i", tar.toString());
    assertThat(load.out()).contains("Loaded image: busybox:latest");
    assertThat(ok("images", "-q", "--no-trunc").out()).isEqualTo(id + "\n");
  }

  @Test
  void save_toStdout_streamsTarUnlessTerminal() {
    bootstrapBusybox();
    CliRun refused = CliRun.run(host, new byte[0], true, Clock.systemUTC(), "save", "busybox");
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err()).isEqualTo("cowardly refusing to save to a terminal. Use the -o flag or redirect\n");
    CliRun saved = ok("save", "busybox");
    assertThat(saved.rawOut().length).isGreaterThan(1_000_000);
    assertThat(new String(saved.rawOut(), 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
  }

  @Test
  void load_fromStdin_readsTheTar() throws Exception {
    bootstrapBusybox();
    byte[] tar = ok("save", "busybox").rawOut();
    ok("rmi", "busybox");
    CliRun load = CliRun.run(host, tar, false, Clock.systemUTC(), "load", "-q");
    assertThat(load.status()).as(load.err()).isZero();
    assertThat(load.out()).isEqualTo("Loaded image: busybox:latest\n");
  }

  @Test
  void import_withChangesAndMessage_configuresTheImage() throws Exception {
    Path tar = tmp.resolve("rootfs.tar");
    try (OutputStream out = Files.newOutputStream(tar)) {
      RootfsTar.write(List.of(new RootfsEntry.Directory("etc", 0755),
          new RootfsEntry.File("etc/hello", 0644, "hi\n".getBytes(StandardCharsets.UTF_8))), out);
    }
    CliRun run = ok("import", "-c", "CMD [\"/bin/cat\", \"/etc/hello\"]", "--change", "ENV GREETING=hi", "-m", "hand made",
        tar.toString(), "hello:1");
    assertThat(run.out().strip()).matches("sha256:[0-9a-f]{64}");
    JsonNode image = inspect("hello:1");
    assertThat(image.path("Config").path("Cmd").toString()).isEqualTo("[\"/bin/cat\",\"/etc/hello\"]");
    assertThat(image.path("Config").path("Env").toString()).contains("GREETING=hi");
    assertThat(image.path("Comment").asText()).isEqualTo("hand made");
  }

  @Test
  void imagePrune_danglingImage_isDeletedAndSpaceReported() throws Exception {
    bootstrapBusybox();
    String older = ok("images", "-q", "--no-trunc").out().strip();
    ok("tag", "busybox", "keep:me");
    ok("import", smallRootfs("new\n").toString(), "busybox:latest"); // busybox:latest moves; the old image keeps keep:me
    ok("rmi", "keep:me");
    CliRun prune = ok("image", "prune", "-f");
    assertThat(prune.out()).doesNotContain(older); // it was deleted by rmi already, not dangling
    assertThat(prune.out()).contains("Total reclaimed space:");
    CliRun all = ok("system", "prune", "-a", "-f");
    assertThat(all.out()).contains("untagged: busybox:latest").contains("deleted: sha256:").contains("Total reclaimed space:");
    assertThat(ok("images", "-a", "-q").out()).isEmpty();
  }

  @Test
  void imagePrune_withoutForce_asksAndStopsOnNo() {
    bootstrapBusybox();
    CliRun run = CliRun.run(host, "n\n".getBytes(), false, Clock.systemUTC(), "image", "prune", "-a");
    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith("WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] ");
    assertThat(ok("images", "-q").out().lines()).hasSize(1);
  }

  @Test
  void systemDf_oneImage_countsIt() {
    bootstrapBusybox();
    List<String> lines = ok("system", "df").out().lines().toList();
    assertThat(lines.getFirst()).matches("TYPE +TOTAL +ACTIVE +SIZE +RECLAIMABLE");
    assertThat(lines.get(1)).matches("Images +1 +0 +\\S+MB +\\S+MB \\(100%\\)");
    assertThat(lines).hasSize(5);
  }

  @Test
  void events_sinceAndUntil_replaysTagEvent() {
    String id = bootstrapBusybox();
    ok("tag", "busybox", "evt:1");
    CliRun events = ok("events", "--since", "1m", "--until", "0s", "--filter", "event=tag");
    assertThat(events.out().lines()).anySatisfy(l ->
        assertThat(l).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ image tag " + id + " \\(.*name=evt:1.*\\)"));
    CliRun json = ok("events", "--since", "1m", "--until", "0s", "--format", "{{.Action}} {{.Actor.Attributes.name}}", "--filter", "event=tag");
    assertThat(json.out()).isEqualTo("tag evt:1\n");
  }

  @Test
  void versionAndInfo_showClientAndServer() {
    CliRun version = ok("version");
    assertThat(version.out()).startsWith("Client:\n Version:").contains("\nServer: ").contains("API version:");
    assertThat(ok("version", "--format", "{{.Server.ApiVersion}}").out().strip()).matches("1\\.\\d+");
    CliRun info = ok("info");
    assertThat(info.out()).startsWith("Client:").contains("Server:\n").contains(" Storage Driver: vfs");
    assertThat(ok("info", "--format", "{{.Driver}}").out()).isEqualTo("vfs\n");
  }

  @Test
  void anyCommand_daemonStopped_saysCannotConnect() {
    daemon.close();
    CliRun run = berth("images");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Cannot connect to the Berth daemon at " + host + ". Is berthd running?\n");
  }
}
