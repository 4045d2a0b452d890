package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testing.RawPusher;
import dev.berth.registry.testing.Skopeo;
import dev.berth.registry.testing.TestImages;
import dev.berth.registry.testing.TestImages.Compression;
import dev.berth.registry.testing.TestImages.Layer;
import dev.berth.registry.testing.TestRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pull a user runs: {@code docker pull} of a 300 MB image of 10 gzip layers from docker-registry on loopback,
 * through a berthd started as its own process ({@code bin/berthd}, a fresh JVM each session, with the class-data
 * archive a second boot has), against {@code skopeo copy} from the same registry into an OCI layout. Run by
 * {@code bench/registry/run.sh}; never by the test suite (the name matches neither surefire's nor failsafe's
 * patterns) and figures are never asserted.
 *
 * <p>Each session starts berthd, then pulls: the first pull after the start (after {@code bench.firstPullDelay}
 * seconds, 0 by default: the worst case, the pull right after the socket answers), then warm pulls in the same
 * daemon, each after {@code docker rmi} (which also deletes the blobs). skopeo copies once before each Berth pull.
 * Two times are kept per Berth pull: until the last "Download complete" (the blobs are in the content store: the
 * work skopeo's copy does), and until docker pull ends (Berth has also unpacked the layers into snapshots, which
 * skopeo's copy to a layout does not do).
 */
class DaemonPullBench {
  private static final int LAYERS = 10;
  private static final long LAYER_BYTES = 30L * 1024 * 1024;
  private static final int SESSIONS = Integer.getInteger("bench.sessions", 3);
  private static final int WARM_PULLS = Integer.getInteger("bench.warmPulls", 2);
  private static final int FIRST_PULL_DELAY = Integer.getInteger("bench.firstPullDelay", 0);
  /** Extra JVM options for berthd (JAVA_TOOL_OPTIONS), e.g. {@code -Dberth.sha256=jdk} or a flight recording. */
  private static final String BERTHD_JAVA_OPTIONS = System.getProperty("bench.berthdJavaOptions", "");
  /**
   * Variants of berthd's environment, separated by {@code ;}, each a list of {@code NAME=VALUE} separated by spaces or commas (e.g.
   * {@code BERTHD_AOT=0;BERTHD_AOT=1}): each session runs every variant in turn, with its own exec root, and the
   * report gives each variant its own lines. Empty (the default): one variant, the environment as it is.
   */
  private static final List<String> VARIANTS = List.of(System.getProperty("bench.berthdEnv", "").split(";", -1));
  /**
   * Prints the CPU time berthd's threads took during the first pull of each session and during its first warm pull,
   * grouped by thread name (JIT compilers, GC, the virtual threads' carriers, ...), from /proc/PID/task/TID/stat.
   */
  private static final boolean THREADS = Boolean.getBoolean("bench.threads");
  /** Prints every docker pull line with the milliseconds since the pull began. */
  private static final boolean TRACE = Boolean.getBoolean("bench.trace");
  private static final Path ROOT = locateCheckout();

  @TempDir Path dir;

  /** One Berth pull: seconds until the blobs were all downloaded, and until docker pull ended. */
  record Pull(double downloaded, double total) {}

  @Test
  void dockerPullThroughBerthd_300MegabytesOnLoopback_againstSkopeo() throws Exception {
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < LAYERS; i++) layers.add(Layer.random(LAYER_BYTES, Compression.GZIP));
    TestImages.Image image = TestImages.ociLayout(dir.resolve("layout"), "latest", List.of("/bin/sh"), layers);
    try (TestRegistry registry = TestRegistry.start()) {
      RawPusher.of(registry).push(image, "bench/app:v1");
      String ref = registry.host() + "/bench/app:v1";
      Skopeo skopeo = Skopeo.of(registry);
      List<Double> skopeoTimes = new ArrayList<>();
      java.util.Map<String, List<Pull>> first = new java.util.LinkedHashMap<>();
      java.util.Map<String, List<Pull>> warm = new java.util.LinkedHashMap<>();
      recordAotCacheIfStale();
      for (String variant : VARIANTS) {
        first.put(variant, new ArrayList<>());
        warm.put(variant, new ArrayList<>());
        // one start and stop first, so that every measured start maps the class-data archive, as any boot after the first
        try (Daemon d = Daemon.start(dir, execRoot(variant), variant)) {
          d.docker("version");
          System.out.printf("  berthd with %s: AOT cache %s%n", variant.isBlank() ? "the environment as it is" : variant,
              d.mappedAotCache() ? "mapped" : "not mapped");
        }
      }
      for (int session = 0; session < SESSIONS; session++) {
        for (String variant : VARIANTS) {
          skopeoTimes.add(skopeoCopy(skopeo, dir.resolve("skopeo-" + session)));
          try (Daemon d = Daemon.start(dir, execRoot(variant), variant)) {
            Thread.sleep(FIRST_PULL_DELAY * 1000L);
            java.util.Map<String, Long> before = d.threadCpu();
            first.get(variant).add(d.pull(ref));
            if (THREADS) printCpu("first pull, session " + (session + 1), before, d.threadCpu());
            d.docker("rmi", ref);
            for (int i = 0; i < WARM_PULLS; i++) {
              skopeoTimes.add(skopeoCopy(skopeo, dir.resolve("skopeo-" + session + "-" + i)));
              before = d.threadCpu();
              warm.get(variant).add(d.pull(ref));
              if (THREADS && i == 0) printCpu("warm pull, session " + (session + 1), before, d.threadCpu());
              d.docker("rmi", ref);
            }
          }
        }
      }
      System.out.printf("pull through berthd (docker pull), %d MB in %d layers on loopback, %d sessions%s:%n",
          LAYERS * LAYER_BYTES / 1_000_000, LAYERS, SESSIONS, BERTHD_JAVA_OPTIONS.isBlank() ? "" : ", berthd with " + BERTHD_JAVA_OPTIONS);
      System.out.printf("  skopeo copy to a layout: median %.2f s of %s%n", median(skopeoTimes), seconds(skopeoTimes));
      for (String variant : VARIANTS) report(variant, first.get(variant), warm.get(variant), median(skopeoTimes));
    }
  }

  /**
   * Records berthd's AOT cache again when this build's {@code verify} rewrote the jars it was recorded against, as
   * {@code scripts/build.sh} does after a build: otherwise bin/berthd would fall back to its class-data archive.
   */
  private static void recordAotCacheIfStale() throws Exception {
    Process p = new ProcessBuilder(ROOT.resolve("scripts/berthd-aot.sh").toString(), "--if-stale").inheritIO().start();
    assertThat(p.waitFor()).as("scripts/berthd-aot.sh --if-stale").isZero();
  }

  /** Each variant's own exec root, kept across its sessions (its class-data archive lives there). */
  private Path execRoot(String variant) {
    return dir.resolve("exec-" + VARIANTS.indexOf(variant));
  }

  private static void report(String variant, List<Pull> first, List<Pull> warm, double skopeo) {
    if (!variant.isBlank()) System.out.printf("  berthd with %s:%n", variant);
    for (int i = 0; i < first.size(); i++) {
      System.out.printf("  first pull after start, session %d: downloaded %.2f s (%.2fx skopeo), with unpack %.2f s%n", i + 1,
          first.get(i).downloaded(), skopeo / first.get(i).downloaded(), first.get(i).total());
    }
    double firstDl = median(first.stream().map(Pull::downloaded).toList());
    double warmDl = median(warm.stream().map(Pull::downloaded).toList());
    System.out.printf("  first pull after start (delay %d s), median: downloaded %.2f s: %.2fx skopeo; with unpack %.2f s%n",
        FIRST_PULL_DELAY, firstDl, skopeo / firstDl, median(first.stream().map(Pull::total).toList()));
    System.out.printf("  warm pulls, median of %d: downloaded %.2f s: %.2fx skopeo; with unpack %.2f s%n", warm.size(), warmDl,
        skopeo / warmDl, median(warm.stream().map(Pull::total).toList()));
  }

  /** The CPU milliseconds each group of threads took between two snapshots, largest first, and their sum. */
  private static void printCpu(String what, java.util.Map<String, Long> before, java.util.Map<String, Long> after) {
    java.util.Map<String, Long> delta = new java.util.TreeMap<>();
    after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0L)));
    long total = delta.values().stream().mapToLong(Long::longValue).sum();
    String top = delta.entrySet().stream().filter(e -> e.getValue() > 0)
        .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
    System.out.printf("  threads, %s: berthd CPU %d ms: %s%n", what, total, top);
  }

  private static String seconds(List<Double> values) {
    return values.stream().map(v -> String.format("%.2f", v)).toList().toString();
  }

  private static double skopeoCopy(Skopeo skopeo, Path layout) throws Exception {
    long t0 = System.nanoTime();
    skopeo.pull("bench/app:v1", layout, "v1");
    double took = (System.nanoTime() - t0) / 1e9;
    dev.berth.sys.FileTrees.delete(layout);
    return took;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static Path locateCheckout() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isExecutable(p.resolve("bin/berthd"))) p = p.getParent();
    if (p == null) throw new IllegalStateException("bin/berthd not found above " + Path.of("").toAbsolutePath());
    return p;
  }

  /** berthd as its own process on a fresh data root, without container networking. */
  private static final class Daemon implements AutoCloseable {
    private final Process process;
    private final Path socket;
    private final Path dataRoot;

    private Daemon(Process process, Path socket, Path dataRoot) {
      this.process = process;
      this.socket = socket;
      this.dataRoot = dataRoot;
    }

    static Daemon start(Path dir, Path execRoot, String variant) throws Exception {
      Path dataRoot = Files.createTempDirectory(dir, "data-");
      Path socket = dataRoot.resolve("berth.sock");
      Path config = dataRoot.resolve("daemon.json");
      Files.writeString(config, "{}");
      ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("bin/berthd").toString(), "--data-root", dataRoot.toString(),
          "--exec-root", execRoot.toString(), "-H", "unix://" + socket, "--bridge", "none", "--group", "root",
          "--config-file", config.toString());
      pb.redirectErrorStream(true).redirectOutput(dataRoot.resolve("berthd.log").toFile());
      if (!BERTHD_JAVA_OPTIONS.isBlank()) pb.environment().put("JAVA_TOOL_OPTIONS", BERTHD_JAVA_OPTIONS);
      for (String assignment : variant.split("[ ,]")) {
        int eq = assignment.indexOf('=');
        if (eq > 0) pb.environment().put(assignment.substring(0, eq), assignment.substring(eq + 1));
      }
      Daemon d = new Daemon(pb.start(), socket, dataRoot);
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket) || d.run("version").exit() != 0) {
          if (!d.process.isAlive() || System.nanoTime() > deadline) {
            throw new IllegalStateException("berthd did not start: " + Files.readString(dataRoot.resolve("berthd.log")));
          }
          Thread.sleep(50);
        }
        return d;
      } catch (Exception | Error e) {
        d.close();
        throw e;
      }
    }

    ContainerDaemon.Result run(String... args) throws Exception {
      List<String> cmd = new ArrayList<>(List.of(ContainerDaemon.DOCKER));
      cmd.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("DOCKER_HOST", "unix://" + socket);
      pb.environment().put("DOCKER_CONFIG", dataRoot.resolve("docker-config").toString());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new ContainerDaemon.Result(p.waitFor(), out, "");
    }

    void docker(String... args) throws Exception {
      ContainerDaemon.Result r = run(args);
      assertThat(r.exit()).as("docker %s: %s", String.join(" ", args), r.out()).isZero();
    }

    /**
     * CPU milliseconds per group of berthd's threads so far (threads that ended are not counted): the thread name
     * without its number, from /proc/PID/task/TID/stat (utime and stime, in clock ticks of 10 ms).
     */
    java.util.Map<String, Long> threadCpu() throws java.io.IOException {
      java.util.Map<String, Long> cpu = new java.util.TreeMap<>();
      try (var tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
        for (Path task : tasks.toList()) {
          String stat;
          try {
            stat = Files.readString(task.resolve("stat"));
          } catch (java.io.IOException gone) {
            continue;
          }
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[#-]?\\d+$", "").strip();
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          cpu.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10, Long::sum);
        }
      }
      return cpu;
    }

    /** Whether the JVM mapped an AOT cache ({@code bin/berthd} execs java: the process is the JVM). */
    boolean mappedAotCache() throws java.io.IOException {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), "maps")).contains(".aot");
    }

    /** docker pull, timed from the start to the last "Download complete" line and to the end. */
    Pull pull(String ref) throws Exception {
      ProcessBuilder pb = new ProcessBuilder(ContainerDaemon.DOCKER, "pull", ref).redirectErrorStream(true);
      pb.environment().put("DOCKER_HOST", "unix://" + socket);
      pb.environment().put("DOCKER_CONFIG", dataRoot.resolve("docker-config").toString());
      long t0 = System.nanoTime();
      Process p = pb.start();
      long lastDownload = -1;
      StringBuilder out = new StringBuilder();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.endsWith(": Download complete")) lastDownload = System.nanoTime();
          out.append(line).append('\n');
          if (TRACE) System.out.printf("  trace %6.0f ms %s%n", (System.nanoTime() - t0) / 1e6, line);
        }
      }
      int exit = p.waitFor();
      long end = System.nanoTime();
      assertThat(exit).as(out.toString()).isZero();
      assertThat(out.toString()).contains("Status: Downloaded newer image");
      assertThat(out.toString().split(": Download complete", -1)).as(out.toString()).hasSize(LAYERS + 1);
      return new Pull((lastDownload - t0) / 1e9, (end - t0) / 1e9);
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      Files.readAllLines(dataRoot.resolve("berthd.log")).stream().filter(l -> l.contains("warm-up"))
          .forEach(l -> System.out.println("  berthd: " + l.substring(l.indexOf("pull warm-up"))));
      dev.berth.sys.FileTrees.delete(dataRoot);
    }
  }
}
