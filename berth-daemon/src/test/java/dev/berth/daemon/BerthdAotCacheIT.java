package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.UnixHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/berthd with the AOT cache that the build records ({@code scripts/berthd-aot.sh}, here into a temporary file named
 * by {@code BERTHD_AOT_CACHE}): a fresh cache is mapped by the JVM, and a cache that is stale, missing or broken never
 * keeps berthd from starting, nor makes it print a warning; the launcher then falls back to the dynamic class-data
 * archive. Needs root (storage) and this module's packaged jar (failsafe runs after package).
 */
class BerthdAotCacheIT {
  private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

  @TempDir static Path trained;
  @TempDir Path root;
  private Process process;
  /** The JVM's command line in the last {@link #startPingStop}, arguments joined by spaces. */
  private String cmdline;

  /** One training run for the class: it takes 20 to 40 s. */
  @BeforeAll
  static void recordCache() throws Exception {
    ProcessBuilder p = new ProcessBuilder(CHECKOUT.resolve("scripts/berthd-aot.sh").toString()).redirectErrorStream(true)
        .redirectOutput(trained.resolve("training.out").toFile());
    p.environment().put("BERTHD_AOT_CACHE", cache().toString());
    Process started = p.start();
    assertThat(started.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(started.exitValue()).as(Files.readString(trained.resolve("training.out"))).isZero();
  }

  private static Path cache() {
    return trained.resolve("berthd.aot");
  }

  @AfterEach
  void stop() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The training's container runs worked, the {@code docker run --rm}-like ones included (an attach upgraded to a raw
   * stream and a wait for the removal, both answered before the start; the output read from the attach, exit code 0):
   * a problem in any of them becomes a note and drops the runs from the summary line.
   */
  @Test
  void training_asRoot_runsContainersTheWayDockerRunDoes() throws Exception {
    String out = Files.readString(trained.resolve("training.out"));
    assertThat(out).contains("berthd __train: 3 pulls, 2 container runs, " + TrainingContainer.DOCKER_RUNS
        + " docker-run-like runs").doesNotContain("note:");
    assertThat(TrainingContainer.DOCKER_RUNS).isPositive();
  }

  @Test
  void launcher_freshCache_jvmMapsItAndWritesNoArchive() throws Exception {
    String maps = startPingStop(cache());
    assertThat(maps).contains(cache().toString());
    assertThat(root.resolve("run/berthd.jsa")).doesNotExist();
    assertQuietLog();
  }

  @Test
  void launcher_cacheOfOtherJars_fallsBackToTheArchiveSilently() throws Exception {
    Path stale = Files.createDirectories(root.resolve("stale")).resolve("berthd.aot");
    Files.copy(cache(), stale);
    // recorded against a berth-daemon.jar of another size: the jar was rebuilt since
    Files.writeString(stale.resolveSibling("berthd.aot.key"), Files.readString(cache().resolveSibling("berthd.aot.key"))
        .replaceFirst("(berth-daemon\\.jar) \\d+", "$1 1"));
    String maps = startPingStop(stale);
    assertThat(maps).doesNotContain(".aot");
    assertThat(root.resolve("run/berthd.jsa")).isNotEmptyFile();
    assertQuietLog();
  }

  @Test
  void launcher_missingCache_fallsBackToTheArchiveSilently() throws Exception {
    String maps = startPingStop(root.resolve("absent/berthd.aot"));
    assertThat(maps).doesNotContain(".aot");
    assertThat(root.resolve("run/berthd.jsa")).isNotEmptyFile();
    assertQuietLog();
  }

  @Test
  void launcher_brokenCacheThatLooksFresh_jvmIgnoresItSilently() throws Exception {
    Path broken = Files.createDirectories(root.resolve("broken")).resolve("berthd.aot");
    byte[] head = new byte[1 << 20];
    try (var in = Files.newInputStream(cache())) {
      assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(head.length);
    }
    Files.write(broken, head); // cut short, as a copy interrupted part-way
    Files.copy(cache().resolveSibling("berthd.aot.key"), broken.resolveSibling("berthd.aot.key"));
    String maps = startPingStop(broken);
    assertThat(maps).doesNotContain(broken.toString());
    assertQuietLog();
  }

  /**
   * berthd's JVM runs C1 only, with a tenth of the usual compile thresholds, unless BERTHD_JIT=tiered (docs/daemon.md,
   * "The JIT"): its JIT then costs little CPU while a fresh daemon's first pull runs and compiles a container start's
   * code after a few starts; the AOT cache is still mapped.
   */
  @Test
  void launcher_default_runsTheFirstTierJitOnlyWithTheCache() throws Exception {
    String maps = startPingStop(cache());
    assertThat(cmdline).contains("-XX:TieredStopAtLevel=1").contains("-XX:CompileThresholdScaling=0.1");
    assertThat(maps).contains(cache().toString());
    assertQuietLog();
  }

  @Test
  void launcher_berthdJitTiered_keepsBothCompilersWithTheCache() throws Exception {
    String maps = startPingStop(cache(), java.util.Map.of("BERTHD_JIT", "tiered"));
    assertThat(cmdline).doesNotContain("TieredStopAtLevel").doesNotContain("CompileThresholdScaling");
    assertThat(maps).contains(cache().toString());
    assertQuietLog();
  }

  /** Starts bin/berthd with the given cache, pings it, reads the JVM's mappings, stops it; returns the mappings. */
  private String startPingStop(Path aotCache) throws Exception {
    return startPingStop(aotCache, java.util.Map.of());
  }

  private String startPingStop(Path aotCache, java.util.Map<String, String> env) throws Exception {
    Files.writeString(root.resolve("daemon.json"), "{}");
    Path socket = root.resolve("run/berth.sock");
    List<String> cmd = List.of(CHECKOUT.resolve("bin/berthd").toString(), "-H", "unix://" + socket, "--data-root",
        root.resolve("data").toString(), "--exec-root", root.resolve("run").toString(), "--storage-driver", "vfs",
        "--bridge", "none", "--group", "root", "--config-file", root.resolve("daemon.json").toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(root.resolve("berthd.log").toFile());
    pb.environment().put("BERTHD_AOT_CACHE", aotCache.toString());
    pb.environment().remove("BERTHD_AOT");
    pb.environment().remove("BERTHD_CDS");
    pb.environment().remove("BERTHD_JIT");
    pb.environment().putAll(env);
    process = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(socket)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("berthd did not start: " + Files.readString(root.resolve("berthd.log")));
      }
      Thread.sleep(50);
    }
    assertThat(UnixHttp.get(socket, "/_ping").text()).isEqualTo("OK");
    // the launcher execs java, so the process is the JVM
    String maps = Files.readString(Path.of("/proc", Long.toString(process.pid()), "maps"));
    cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
    process.destroy();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return maps;
  }

  private void assertQuietLog() throws IOException {
    assertThat(Files.readString(root.resolve("berthd.log")))
        .doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("error").doesNotContain("[aot").doesNotContain("[cds");
  }
}
