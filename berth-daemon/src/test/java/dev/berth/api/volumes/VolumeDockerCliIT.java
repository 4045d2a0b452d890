package dev.berth.api.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real docker CLI (/usr/local/bin/docker) against the API served over the REAL local volume service:
 * {@code docker volume create/ls/inspect/rm/prune} and what they print.
 */
class VolumeDockerCliIT {
  private static final String DOCKER = "/usr/local/bin/docker";

  @TempDir Path tmp;
  VolumeApiServer api;

  record Result(int exit, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    api = new VolumeApiServer(tmp);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private Result docker(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(DOCKER));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("DOCKER_HOST", "unix://" + api.socket);
    pb.environment().put("DOCKER_CONFIG", tmp.resolve("docker-config").toString());
    pb.redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("docker " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Result(p.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
  }

  private Result ok(String... args) throws Exception {
    Result r = docker(args);
    assertThat(r.exit()).as("docker %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
    return r;
  }

  @Test
  void volumeCommands_createListInspectRemove() throws Exception {
    assertThat(ok("volume", "create", "--label", "team=web", "web-data").out()).isEqualTo("web-data\n");
    assertThat(ok("volume", "create", "web-data").out()).as("create is idempotent").isEqualTo("web-data\n");
    String anon = ok("volume", "create").out().strip();
    assertThat(anon).matches("[0-9a-f]{64}");

    assertThat(ok("volume", "ls").out()).isEqualTo(
        "DRIVER    VOLUME NAME\n"
            + "local     " + anon + "\n"
            + "local     web-data\n");
    assertThat(ok("volume", "ls", "-q", "--filter", "label=team=web").out()).isEqualTo("web-data\n");
    assertThat(ok("volume", "ls", "--format", "{{.Name}} {{.Driver}} {{.Scope}} {{.Labels}}", "--filter", "name=web").out())
        .isEqualTo("web-data local local team=web\n");

    Path mountpoint = tmp.resolve("data/volumes/web-data/_data");
    assertThat(ok("volume", "inspect", "--format", "{{.Name}} {{.Mountpoint}} {{.Scope}} {{index .Labels \"team\"}}", "web-data").out())
        .isEqualTo("web-data " + mountpoint + " local web\n");
    String json = ok("volume", "inspect", "web-data").out();
    assertThat(json).contains("\"CreatedAt\": \"").contains("\"Driver\": \"local\"").contains("\"Mountpoint\": \"" + mountpoint + "\"");

    Result missing = docker("volume", "inspect", "nope");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("get nope: no such volume");

    assertThat(ok("volume", "rm", "web-data").out()).isEqualTo("web-data\n");
    assertThat(mountpoint.getParent()).doesNotExist();
    assertThat(ok("volume", "rm", "-f", "web-data").out()).isEqualTo("web-data\n");
    Result gone = docker("volume", "rm", "web-data");
    assertThat(gone.exit()).isEqualTo(1);
    assertThat(gone.err()).contains("no such volume");
  }

  @Test
  void volumeCommands_inUseAndBadInput_failWithDaemonMessages() throws Exception {
    ok("volume", "create", "busy");
    api.users.put("busy", List.of("c0ffee"));
    Result inUse = docker("volume", "rm", "busy");
    assertThat(inUse.exit()).isEqualTo(1);
    assertThat(inUse.err()).contains("remove busy: volume is in use - [c0ffee]");
    Result bad = docker("volume", "create", "bad/name");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("includes invalid characters for a local volume name");
    Result opt = docker("volume", "create", "-o", "colour=red", "odd");
    assertThat(opt.exit()).isEqualTo(1);
    assertThat(opt.err()).contains("invalid option: \"colour\"");
    assertThat(ok("volume", "ls", "-q").out()).isEqualTo("busy\n");
  }

  @Test
  void volumePrune_anonymousOnlyUnlessAll() throws Exception {
    String anon = ok("volume", "create").out().strip();
    Files.write(tmp.resolve("data/volumes/" + anon + "/_data/blob"), new byte[3000]);
    ok("volume", "create", "named");
    ok("volume", "create", "--label", "keep=1", "kept");
    Result first = ok("volume", "prune", "-f");
    assertThat(first.out()).isEqualTo("Deleted Volumes:\n" + anon + "\n\nTotal reclaimed space: 3kB\n");
    Result second = ok("volume", "prune", "-a", "-f", "--filter", "label!=keep");
    assertThat(second.out()).isEqualTo("Deleted Volumes:\nnamed\n\nTotal reclaimed space: 0B\n");
    assertThat(ok("volume", "ls", "-q").out()).isEqualTo("kept\n");
  }

  @Test
  void volumeCreate_driverOptions_areKeptAndShown() throws Exception {
    ok("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=8m,uid=1000", "scratch");
    assertThat(ok("volume", "inspect", "-f", "{{.Options.type}} {{.Options.device}} {{.Options.o}}", "scratch").out())
        .isEqualTo("tmpfs tmpfs size=8m,uid=1000\n");
    Result half = docker("volume", "create", "-o", "type=tmpfs", "half");
    assertThat(half.exit()).isEqualTo(1);
    assertThat(half.err()).contains("missing required option: \"device\"");
    Result plugin = docker("volume", "create", "-d", "nfs-plugin", "remote");
    assertThat(plugin.exit()).isEqualTo(1);
    assertThat(plugin.err()).contains("plugin \"nfs-plugin\" not found");
    assertThat(ok("volume", "ls", "-q").out()).isEqualTo("scratch\n");
  }
}
