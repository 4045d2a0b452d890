package dev.berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.client.StreamFrames;
import dev.berth.testing.CliRun;
import dev.berth.testing.FakeDaemon;
import dev.berth.testing.FakeDaemon.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container commands other than run/create against a scripted daemon: what they ask and what they print. */
class ContainerCommandsTest {
  static final String ID = "0123456789ab".repeat(5) + "cdef";
  static final Instant NOW = Instant.parse("2026-11-28T05:00:00Z");

  @TempDir Path dir;
  FakeDaemon daemon;

  @BeforeEach
  void start() throws Exception {
    daemon = new FakeDaemon(dir.resolve("sock").toFile().mkdir() ? dir.resolve("sock") : dir);
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  CliRun berth(String... args) {
    return CliRun.run(daemon.host(), new byte[0], false, Clock.fixed(NOW, ZoneOffset.UTC), args);
  }

  CliRun berthWithStdin(byte[] stdin, String... args) {
    return CliRun.run(daemon.host(), stdin, false, Clock.fixed(NOW, ZoneOffset.UTC), args);
  }

  static byte[] frames(Object... streamAndText) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < streamAndText.length; i += 2) {
      byte[] b = ((String) streamAndText[i + 1]).getBytes(StandardCharsets.UTF_8);
      out.writeBytes(StreamFrames.header((Integer) streamAndText[i], b.length));
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  static String container(String name, String command, String status) {
    return "{\"Id\":\"" + ID + "\",\"Names\":[\"/" + name + "\"],\"Image\":\"busybox\",\"Command\":\"" + command + "\",\"Created\":"
        + (NOW.getEpochSecond() - 150) + ",\"Ports\":[{\"PrivatePort\":80,\"Type\":\"tcp\"}],\"State\":\"running\",\"Status\":\"" + status
        + "\",\"Labels\":{\"a\":\"b\"},\"Mounts\":[]}";
  }

  @Test
  void ps_default_printsDockerTable() {
    daemon.route("GET /containers/json", Response.ok("[" + container("web", "sh -c 'sleep 1000; echo done'", "Up 2 minutes") + "]"));
    CliRun run = berth("ps");
    assertThat(run.status()).isZero();
    assertThat(run.out()).isEqualTo(
        "CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS     NAMES\n"
            + "0123456789ab   busybox   \"sh -c 'sleep 1000; …\"   2 minutes ago   Up 2 minutes   80/tcp    web\n");
    assertThat(daemon.last("GET /containers/json").param("all")).isNull();
  }

  @Test
  void ps_formatTemplateAndJson_useDockerFieldNames() {
    daemon.route("GET /containers/json", Response.ok("[" + container("web", "true", "Exited (0) 1 second ago") + "]"));
    assertThat(berth("ps", "-a", "--format", "{{.ID}} {{.Names}} {{.Status}} {{.Labels}}").out())
        .isEqualTo("0123456789ab web Exited (0) 1 second ago a=b\n");
    assertThat(berth("ps", "--format", "json").out()).startsWith("{\"Command\":\"\\\"true\\\"\",").contains("\"Names\":\"web\"");
    assertThat(berth("ps", "--format", "table {{.Names}}\\t{{.State}}").out()).isEqualTo("NAMES     STATE\nweb       running\n");
  }

  @Test
  void ps_quietLastAndFilter_becomeQuery() {
    daemon.route("GET /containers/json", Response.ok("[" + container("web", "true", "Up") + "]"));
    assertThat(berth("ps", "-q", "--no-trunc", "-n", "3", "--filter", "status=exited").out()).isEqualTo(ID + "\n");
    FakeDaemon.Request r = daemon.last("GET /containers/json");
    assertThat(r.param("all")).isEqualTo("1");
    assertThat(r.param("limit")).isEqualTo("3");
    assertThat(r.param("filters")).isEqualTo("{\"status\":[\"exited\"]}");
  }

  @Test
  void stopKillRm_sendFlagsAndPrintNames() {
    daemon.route("POST /containers/web/stop", Response.json(204, ""));
    daemon.route("POST /containers/web/kill", Response.json(204, ""));
    daemon.route("DELETE /containers/web", Response.json(204, ""));
    assertThat(berth("stop", "-t", "3", "-s", "SIGINT", "web").out()).isEqualTo("web\n");
    assertThat(daemon.last("POST /containers/web/stop").query()).containsEntry("t", List.of("3")).containsEntry("signal", List.of("SIGINT"));
    assertThat(berth("kill", "-s", "HUP", "web").out()).isEqualTo("web\n");
    assertThat(daemon.last("POST /containers/web/kill").param("signal")).isEqualTo("HUP");
    assertThat(berth("rm", "-f", "-v", "web").out()).isEqualTo("web\n");
    assertThat(daemon.last("DELETE /containers/web").query()).containsEntry("force", List.of("1")).containsEntry("v", List.of("1"));
  }

  @Test
  void rm_oneMissing_goesOnAndExits1() {
    daemon.route("DELETE /containers/a", Response.json(204, ""));
    daemon.route("DELETE /containers/nope", Response.error(404, "No such container: nope"));
    CliRun run = berth("container", "rm", "nope", "a");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("a\n");
    assertThat(run.err()).isEqualTo("Error response from daemon: No such container: nope\n");
  }

  @Test
  void rm_runningWithoutForce_printsDaemonConflict() {
    daemon.route("DELETE /containers/web", Response.error(409,
        "cannot remove container /web: container is running: stop the container before removing or force remove"));
    CliRun run = berth("rm", "web");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).startsWith("Error response from daemon: cannot remove container");
  }

  @Test
  void wait_printsExitCodes() {
    daemon.route("POST /containers/web/wait", Response.ok("{\"StatusCode\":42}"));
    assertThat(berth("wait", "web").out()).isEqualTo("42\n");
  }

  @Test
  void inspect_topLevel_triesContainerThenImage() {
    daemon.route("GET /containers/web/json", Response.ok("{\"Id\":\"c1\",\"State\":{\"Status\":\"running\"}}"));
    daemon.route("GET /images/busybox/json", Response.ok("{\"Id\":\"sha256:1\"}"));
    assertThat(berth("inspect", "-f", "{{.State.Status}}", "web").out()).isEqualTo("running\n");
    assertThat(berth("inspect", "-f", "{{.Id}}", "busybox").out()).isEqualTo("sha256:1\n");
    CliRun missing = berth("inspect", "nope");
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("Error: No such object: nope\n");
    assertThat(berth("container", "inspect", "busybox").err()).isEqualTo("Error: No such container: busybox\n");
  }

  @Test
  void logs_withoutTty_splitsStdoutAndStderr() {
    daemon.route("GET /containers/web/json", Response.ok("{\"Id\":\"c1\",\"Config\":{\"Tty\":false}}"));
    daemon.route("GET /containers/web/logs", new Response(200, "application/vnd.docker.multiplexed-stream",
        List.of(frames(1, "out 1\n", 2, "err 1\n"), frames(1, "out 2\n")), Map.of()));
    CliRun run = berth("logs", "--tail", "2", "-t", "--since", "2026-11-28T04:00:00Z", "web");
    assertThat(run.status()).isZero();
    assertThat(run.out()).isEqualTo("out 1\nout 2\n");
    assertThat(run.err()).isEqualTo("err 1\n");
    FakeDaemon.Request r = daemon.last("GET /containers/web/logs");
    assertThat(r.query()).containsEntry("tail", List.of("2")).containsEntry("timestamps", List.of("1"))
        .containsEntry("stdout", List.of("1")).containsEntry("stderr", List.of("1")).containsKey("since");
  }

  @Test
  void logs_withTty_copiesRawBytes() {
    daemon.route("GET /containers/web/json", Response.ok("{\"Id\":\"c1\",\"Config\":{\"Tty\":true}}"));
    daemon.route("GET /containers/web/logs", new Response(200, "application/vnd.docker.raw-stream",
        List.of("raw\r\n".getBytes(StandardCharsets.UTF_8)), Map.of()));
    assertThat(berth("logs", "web").out()).isEqualTo("raw\r\n");
  }

  @Test
  void exec_createsStartsHijackedAndExitsWithItsCode() throws Exception {
    daemon.route("GET /containers/web/json", Response.ok("{\"Id\":\"c1\",\"State\":{\"Running\":true}}"));
    daemon.route("POST /containers/web/exec", Response.json(201, "{\"Id\":\"e1\"}"));
    daemon.hijack("POST /exec/e1/start", (request, in, out) -> out.write(frames(1, "hi\n", 2, "warn\n")));
    daemon.route("GET /exec/e1/json", Response.ok("{\"ExitCode\":7,\"Running\":false}"));
    CliRun run = berth("exec", "-e", "A=1", "-w", "/x", "-u", "u", "web", "ls", "-l");
    assertThat(run.status()).isEqualTo(7);
    assertThat(run.out()).isEqualTo("hi\n");
    assertThat(run.err()).isEqualTo("warn\n");
    assertThat(new String(daemon.last("POST /containers/web/exec").body(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"User\":\"u\",\"Privileged\":false,\"Tty\":false,\"AttachStdin\":false,\"AttachStderr\":true,\"AttachStdout\":true,"
            + "\"Detach\":false,\"DetachKeys\":\"\",\"Env\":[\"A=1\"],\"WorkingDir\":\"/x\",\"Cmd\":[\"ls\",\"-l\"]}");
    assertThat(new String(daemon.last("POST /exec/e1/start").body(), StandardCharsets.UTF_8)).isEqualTo("{\"Detach\":false,\"Tty\":false}");
  }

  @Test
  void exec_commandNotFound_exits127() {
    daemon.route("GET /containers/web/json", Response.ok("{\"Id\":\"c1\"}"));
    daemon.route("POST /containers/web/exec", Response.json(201, "{\"Id\":\"e1\"}"));
    daemon.hijack("POST /exec/e1/start", (request, in, out) -> {});
    daemon.route("GET /exec/e1/json", Response.ok("{\"ExitCode\":127}"));
    assertThat(berth("exec", "web", "nope").status()).isEqualTo(127);
  }

  @Test
  void start_attach_attachesWaitsStartsAndReturnsStatus() {
    daemon.route("GET /containers/web/json", Response.ok("{\"Id\":\"c1\",\"Config\":{\"Tty\":false,\"OpenStdin\":false}}"));
    daemon.hijack("POST /containers/web/attach", (request, in, out) -> out.write(frames(1, "started\n")));
    daemon.route("POST /containers/web/wait", Response.ok("{\"StatusCode\":2}"));
    daemon.route("POST /containers/web/start", Response.json(204, ""));
    CliRun run = berth("start", "-a", "web");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEqualTo("started\n");
    assertThat(daemon.calls()).containsSubsequence("POST /containers/web/attach", "POST /containers/web/wait", "POST /containers/web/start");
  }

  @Test
  void start_alreadyRunning_isNotAnError() {
    daemon.route("POST /containers/web/start", Response.json(304, ""));
    CliRun run = berth("start", "web");
    assertThat(run.status()).isZero();
    assertThat(run.out()).isEqualTo("web\n");
  }

  @Test
  void attach_stoppedContainer_refuses() {
    daemon.route("POST /containers/web/wait", Response.ok("{\"StatusCode\":0}"));
    daemon.route("GET /containers/web/json", Response.ok("{\"Id\":\"c1\",\"State\":{\"Running\":false}}"));
    CliRun run = berth("attach", "web");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("You cannot attach to a stopped container, start it first\n");
  }

  @Test
  void top_printsAlignedTable() {
    daemon.route("GET /containers/web/top", Response.ok("{\"Titles\":[\"UID\",\"PID\",\"CMD\"],\"Processes\":[[\"root\",\"42\",\"sleep 9\"]]}"));
    assertThat(berth("top", "web").out()).isEqualTo("UID       PID       CMD\nroot      42        sleep 9\n");
  }

  @Test
  void stats_noStream_printsOneSample() {
    daemon.route("GET /containers/json", Response.ok("[{\"Id\":\"" + ID + "\"}]"));
    daemon.route("GET /containers/" + ID + "/stats", Response.ok("{\"id\":\"" + ID + "\",\"name\":\"/web\","
        + "\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":3000000},\"system_cpu_usage\":20000000,\"online_cpus\":2},"
        + "\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":1000000},\"system_cpu_usage\":10000000},"
        + "\"memory_stats\":{\"usage\":3145728,\"limit\":67108864,\"stats\":{\"inactive_file\":1048576}},\"pids_stats\":{\"current\":3}}"));
    CliRun run = berth("stats", "--no-stream");
    assertThat(run.out()).isEqualTo(
        "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     PIDS\n"
            + "0123456789ab   web       40.00%    2MiB / 64MiB        3.13%     3\n");
    assertThat(daemon.last("GET /containers/" + ID + "/stats").param("stream")).isEqualTo("0");
  }

  @Test
  void renameUpdateCommit_sendWhatDockerSends() throws Exception {
    daemon.route("POST /containers/web/rename", Response.json(204, ""));
    daemon.route("POST /containers/web/update", Response.ok("{\"Warnings\":[]}"));
    daemon.route("POST /commit", Response.json(201, "{\"Id\":\"sha256:abc\"}"));
    assertThat(berth("rename", "web", "site").status()).isZero();
    assertThat(daemon.last("POST /containers/web/rename").param("name")).isEqualTo("site");
    assertThat(berth("update", "-m", "32m", "--cpus", "0.5", "--restart", "on-failure:2", "web").out()).isEqualTo("web\n");
    assertThat(new String(daemon.last("POST /containers/web/update").body(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"Memory\":33554432,\"NanoCpus\":500000000,\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":2}}");
    assertThat(berth("commit", "-m", "msg", "-a", "me", "-c", "ENV A=1", "web", "repo:tag").out()).isEqualTo("sha256:abc\n");
    FakeDaemon.Request commit = daemon.last("POST /commit");
    assertThat(commit.query()).containsEntry("container", List.of("web")).containsEntry("repo", List.of("repo"))
        .containsEntry("tag", List.of("tag")).containsEntry("comment", List.of("msg")).containsEntry("author", List.of("me"))
        .containsEntry("changes", List.of("ENV A=1")).doesNotContainKey("pause");
  }

  @Test
  void update_badValue_exits125AndSendsNothing() {
    CliRun run = berth("update", "--restart", "sometimes", "web");
    assertThat(run.status()).isEqualTo(125);
    assertThat(daemon.calls()).isEmpty();
  }

  @Test
  void containerPrune_force_printsDeletedAndSpace() {
    daemon.route("POST /containers/prune", Response.ok("{\"ContainersDeleted\":[\"" + ID + "\"],\"SpaceReclaimed\":2048}"));
    assertThat(berth("container", "prune", "-f").out()).isEqualTo("Deleted Containers:\n" + ID + "\n\nTotal reclaimed space: 2.048kB\n");
  }

  @Test
  void containerPrune_answerNo_sendsNothing() {
    CliRun run = berthWithStdin("n\n".getBytes(StandardCharsets.UTF_8), "container", "prune");
    assertThat(run.out()).startsWith("WARNING! This will remove all stopped containers.");
    assertThat(daemon.calls()).isEmpty();
  }

  static byte[] tar(String... nameAndContent) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      for (int i = 0; i < nameAndContent.length; i += 2) {
        String name = nameAndContent[i];
        TarArchiveEntry e = new TarArchiveEntry(name);
        byte[] data = nameAndContent[i + 1] == null ? new byte[0] : nameAndContent[i + 1].getBytes(StandardCharsets.UTF_8);
        if (!name.endsWith("/")) e.setSize(data.length);
        e.setMode(name.endsWith("/") ? 040755 : 0100644);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  static String stat(String name, long mode) {
    return Base64.getEncoder().encodeToString(("{\"name\":\"" + name + "\",\"size\":4,\"mode\":" + mode + ",\"mtime\":\"2026-11-28T05:00:00Z\",\"linkTarget\":\"\"}")
        .getBytes(StandardCharsets.UTF_8));
  }

  static List<String> entries(byte[] tar) throws Exception {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        names.add(e.getName() + (e.isFile() ? "=" + new String(in.readAllBytes(), StandardCharsets.UTF_8) : ""));
      }
    }
    return names;
  }

  @Test
  void cp_fromContainerDirectoryIntoLocalDirectory_extractsUnderItsName() throws Exception {
    daemon.route("GET /containers/web/archive", new Response(200, "application/x-tar",
        List.of(tar("etc/", null, "etc/hostname", "web\n")), Map.of("X-Docker-Container-Path-Stat", stat("etc", (1L << 31) | 0755))));
    Path dest = Files.createDirectory(dir.resolve("out"));
    CliRun run = berth("cp", "web:/etc", dest.toString());
    assertThat(run.err()).isEmpty();
    assertThat(Files.readString(dest.resolve("etc/hostname"))).isEqualTo("web\n");
    assertThat(daemon.last("GET /containers/web/archive").param("path")).isEqualTo("/etc");
  }

  @Test
  void cp_fromContainerFileToNewLocalName_renamesIt() throws Exception {
    daemon.route("GET /containers/web/archive", new Response(200, "application/x-tar",
        List.of(tar("hostname", "web\n")), Map.of("X-Docker-Container-Path-Stat", stat("hostname", 0644))));
    berth("cp", "web:/etc/hostname", dir.resolve("copy.txt").toString());
    assertThat(Files.readString(dir.resolve("copy.txt"))).isEqualTo("web\n");
  }

  @Test
  void cp_fromContainerToDash_writesTheTarToStdout() throws Exception {
    byte[] tar = tar("hostname", "web\n");
    daemon.route("GET /containers/web/archive", new Response(200, "application/x-tar", List.of(tar), Map.of()));
    assertThat(berth("cp", "web:/etc/hostname", "-").rawOut()).isEqualTo(tar);
  }

  @Test
  void cp_fromContainerEvilTar_refusesPathOutsideDestination() throws Exception {
    daemon.route("GET /containers/web/archive", new Response(200, "application/x-tar",
        List.of(tar("x/", null, "x/../../evil", "boo")), Map.of("X-Docker-Container-Path-Stat", stat("x", (1L << 31) | 0755))));
    Path dest = Files.createDirectory(dir.resolve("out"));
    CliRun run = berth("cp", "web:/x", dest.toString());
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("outside the destination");
    assertThat(dir.resolve("evil")).doesNotExist();
  }

  @Test
  void cp_localDirectoryIntoContainerDirectory_putsTarNamedAfterSource() throws Exception {
    Path src = Files.createDirectories(dir.resolve("site/sub"));
    Files.writeString(dir.resolve("site/index.html"), "hello");
    Files.writeString(src.resolve("a.txt"), "a");
    daemon.route("HEAD /containers/web/archive", new Response(200, "application/json", List.of(new byte[0]),
        Map.of("X-Docker-Container-Path-Stat", stat("www", (1L << 31) | 0755))));
    daemon.route("PUT /containers/web/archive", Response.ok(""));
    CliRun run = berth("cp", dir.resolve("site").toString(), "web:/www");
    assertThat(run.err()).isEmpty();
    assertThat(run.status()).isZero();
    FakeDaemon.Request put = daemon.last("PUT /containers/web/archive");
    assertThat(put.param("path")).isEqualTo("/www");
    assertThat(entries(put.body())).containsExactlyInAnyOrder("site/", "site/index.html=hello", "site/sub/", "site/sub/a.txt=a");
  }

  @Test
  void cp_localFileToMissingContainerPath_putsItUnderTheNewName() throws Exception {
    Files.writeString(dir.resolve("f.txt"), "data");
    daemon.route("HEAD /containers/web/archive", Response.error(404, "Could not find the file /tmp/new.txt in container web"));
    daemon.route("PUT /containers/web/archive", Response.ok(""));
    assertThat(berth("cp", dir.resolve("f.txt").toString(), "web:/tmp/new.txt").status()).isZero();
    FakeDaemon.Request put = daemon.last("PUT /containers/web/archive");
    assertThat(put.param("path")).isEqualTo("/tmp");
    assertThat(entries(put.body())).containsExactly("new.txt=data");
  }

  @Test
  void cp_dashToContainer_sendsStdinTarAsIs() throws Exception {
    byte[] tar = tar("a.txt", "a");
    daemon.route("PUT /containers/web/archive", Response.ok(""));
    assertThat(berthWithStdin(tar, "cp", "-", "web:/tmp").status()).isZero();
    assertThat(daemon.last("PUT /containers/web/archive").body()).isEqualTo(tar);
  }
}
