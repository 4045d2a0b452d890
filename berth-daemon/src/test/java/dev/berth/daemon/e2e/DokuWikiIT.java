package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.e2e.ContainerDaemon.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's wiki as an end-to-end test of the builder (issue 4): DokuWiki built {@code FROM debian:bookworm}
 * (debootstrapped here, see {@link DebianImage}) by the docker CLI's classic builder against berthd, run
 * detached, and asked for its start page; then one RUN line is added and only that line runs again.
 *
 * <p>RUN reaches Debian's mirror because build containers get the host's network. The running wiki is reached
 * inside its own network namespace ({@code nsenter -n}, the container is this test's own) because publishing
 * ports belongs to the networking issue. apt installs without recommends, which still serves the page and
 * keeps the download small (CI has 2 cores and 30 minutes for everything).
 */
class DokuWikiIT extends DaemonTestBase {
  private static final String IMAGE = "berth-e2e/dokuwiki:latest";
  private static final Map<String, String> CLASSIC = Map.of("DOCKER_BUILDKIT", "0");
  private static final int BUILD_SECONDS = 900;

  private static final List<String> DOCKERFILE = List.of(
      "FROM debian:bookworm",
      "RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends"
          + " apache2 apache2-utils dokuwiki && rm -rf /var/lib/apt/lists/*",
      "RUN htpasswd -cbB /etc/dokuwiki/htpasswd admin berth-wiki-admin",
      "CMD [\"apache2ctl\", \"-D\", \"FOREGROUND\"]");
  private static final String ADDED_LINE = "RUN echo added-line-ran && echo 1 > /etc/dokuwiki/added";

  private Path context;

  @BeforeAll
  void importDebianAndWriteContext() throws Exception {
    DebianImage.importInto(d);
    context = Files.createDirectories(d.root().resolve("dokuwiki-context"));
  }

  @AfterAll
  void removeImages() throws Exception {
    if (d == null) return;
    d.docker("rmi", "-f", IMAGE);
    d.docker("rmi", "-f", DebianImage.REFERENCE);
  }

  @Test
  void debianImage_imported_runsBashWithDebiansConfig() throws Exception {
    assertThat(d.ok("image", "inspect", "-f", "{{json .Config.Cmd}}", DebianImage.REFERENCE).out().strip()).isEqualTo("[\"bash\"]");
    Result r = d.ok("run", "--rm", DebianImage.REFERENCE, "bash", "-c", "cat /etc/debian_version; command -v apt-get");
    assertThat(r.out()).matches("12\\.\\d+\n/usr/bin/apt-get\n");
  }

  @Test
  void build_dokuwikiFromDebian_servesTheWikiThenRebuildsOnlyAnAddedLine() throws Exception {
    Result first = build(DOCKERFILE);
    assertThat(first.out()).as("apt-get ran in the first build").contains("Setting up apache2 ").contains("Setting up dokuwiki ");
    assertThat(d.ok("run", "--rm", IMAGE, "cat", "/etc/dokuwiki/htpasswd").out()).startsWith("admin:$2y$");
    assertThat(d.ok("image", "inspect", "-f", "{{json .Config.Cmd}}", IMAGE).out().strip())
        .isEqualTo("[\"apache2ctl\",\"-D\",\"FOREGROUND\"]");

    String id = d.ok("run", "-d", "--name", "wiki", IMAGE).out().strip();
    assertThat(wikiPage(id)).contains("<title>start [Debian DokuWiki]</title>").contains("<meta name=\"generator\" content=\"DokuWiki\"");
    d.ok("rm", "-f", "wiki");

    List<String> longer = new ArrayList<>(DOCKERFILE);
    longer.add(ADDED_LINE);
    Result second = build(longer);
    List<String> steps = steps(second.out());
    assertThat(steps).as(second.both()).hasSize(longer.size());
    for (int i = 1; i < DOCKERFILE.size(); i++) {
      assertThat(steps.get(i)).as("step %d of the rebuild", i + 1).contains("Using cache");
    }
    assertThat(steps.getLast()).doesNotContain("Using cache").contains("added-line-ran");
    assertThat(second.out()).doesNotContain("Setting up");
    assertThat(d.ok("ps", "-aq").out()).as("no build container is left").isBlank();
    assertThat(d.ok("run", "--rm", IMAGE, "cat", "/etc/dokuwiki/added").out()).isEqualTo("1\n");
  }

  /** Writes the Dockerfile and builds it with the classic builder; the build must succeed. */
  private Result build(List<String> dockerfile) throws Exception {
    Files.writeString(context.resolve("Dockerfile"), String.join("\n", dockerfile) + "\n");
    Result r = d.run(CLASSIC, BUILD_SECONDS, "build", "-t", IMAGE, context.toString());
    assertThat(r.exit()).as("docker build\n%s", r.both()).isZero();
    return r;
  }

  /** The build output cut at each {@code Step N/M :} line, one string per step. */
  private static List<String> steps(String buildOutput) {
    List<String> steps = new ArrayList<>();
    for (String line : buildOutput.split("\n", -1)) {
      if (line.startsWith("Step ")) steps.add("");
      if (!steps.isEmpty()) steps.set(steps.size() - 1, steps.getLast() + line + "\n");
    }
    return steps;
  }

  /**
   * DokuWiki's start page, fetched by the host's curl inside the container's network namespace, retried
   * while apache starts. DokuWiki's index.php redirects to doku.php, hence {@code -L}.
   */
  private String wikiPage(String container) throws Exception {
    String pid = d.ok("inspect", "-f", "{{.State.Pid}}", container).out().strip();
    assertThat(Integer.parseInt(pid)).as("pid of the running wiki").isPositive();
    List<String> curl = List.of("nsenter", "-t", pid, "-n", "--", "curl", "-sSL", "-m", "5", "http://127.0.0.1/dokuwiki/");
    Result last = null;
    for (long deadline = System.nanoTime() + 60_000_000_000L; System.nanoTime() < deadline; Thread.sleep(500)) {
      last = d.exec(curl, Map.of(), 30);
      if (last.exit() == 0 && last.out().contains("DokuWiki")) return last.out();
    }
    throw new AssertionError("DokuWiki did not answer within 60 s; last curl: " + (last == null ? "none" : last.both())
        + "\ncontainer logs: " + d.docker("logs", container).both());
  }
}
