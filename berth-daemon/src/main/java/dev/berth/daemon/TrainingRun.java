package dev.berth.daemon;

import dev.berth.engine.image.WarmupImageServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code berthd __train}: the training run the build records berthd's AOT cache from ({@code scripts/lib/berthd-jvm.sh}).
 * It starts a real daemon on a scratch data root and socket, through the same start path as {@code berthd} (boot
 * sequence, engine, API server), and asks it what users ask a fresh daemon first: ping, version, info, the image and
 * container lists, then pulls of the warm-up's made-up image from a stub registry on loopback ({@link
 * WarmupImageServer}: no network, no real registry), image inspect and history, a container create, inspect and
 * remove, the events, the disk usage, an error path, and rmi; and where it can ({@link TrainingContainer}), container
 * runs of the host's busybox, most of them as {@code docker run --rm} makes them. The JVM that runs it under {@code -XX:AOTCacheOutput}
 * keeps the classes these paths load and link and the profiles of the methods they run, so that a later berthd maps
 * them instead of loading them and its JIT compiles the pull's hot code sooner.
 *
 * <p>Each request checks its status, so a run that no longer exercises what it claims fails loudly instead of
 * recording a useless cache; the container runs only leave notes, since a build machine need not be able to run
 * containers.
 */
final class TrainingRun {
  static final String ARG = "__train";
  /** Pulls of the made-up image (32 MiB each): enough for the pull's hot methods to reach the JIT's profiling tiers. */
  static final int PULLS = Math.max(1, Integer.getInteger("berth.trainingPulls", 3));

  private TrainingRun() {}

  /** Runs the training; returns 0, or 1 after naming on {@code log} each request whose answer was wrong. */
  static int run(PrintStream log) {
    List<String> failures = new ArrayList<>();
    Path root = null;
    try {
      root = Files.createTempDirectory("berthd-training");
      DaemonConfig config = DaemonConfig.forTest(root).withStorageDriver(isRoot() ? "overlay" : "vfs");
      try (WarmupImageServer registry = WarmupImageServer.start(); RunningDaemon daemon = Berthd.start(config)) {
        TrainingClient api = new TrainingClient(daemon.sockets().getFirst());
        exercise(api, registry.reference(), failures);
        String unavailable = TrainingContainer.unavailable();
        List<String> notes = unavailable == null ? TrainingContainer.run(api) : List.of("no container run: " + unavailable);
        notes.forEach(n -> log.println("berthd " + ARG + ": note: " + n));
        if (failures.isEmpty()) {
          log.println("berthd " + ARG + ": " + PULLS + " pulls" + (unavailable == null && notes.isEmpty()
              ? ", " + TrainingContainer.RUNS + " container runs, " + TrainingContainer.DOCKER_RUNS + " docker-run-like runs"
              : ", no container run"));
        }
      }
    } catch (IOException | RuntimeException e) {
      failures.add("the training daemon failed: " + e);
    } finally {
      if (root != null) deleteQuietly(root, failures);
    }
    failures.forEach(f -> log.println("berthd " + ARG + ": " + f));
    return failures.isEmpty() ? 0 : 1;
  }

  private static void exercise(TrainingClient api, String image, List<String> failures) throws IOException {
    String ref = URLEncoder.encode(image, StandardCharsets.UTF_8);
    String from = image.substring(0, image.lastIndexOf(':'));
    api.expect(failures, 200, "GET", "/_ping", null);
    api.expect(failures, 200, "HEAD", "/_ping", null);
    api.expect(failures, 200, "GET", "/version", null);
    api.expect(failures, 200, "GET", "/v1.47/info", null);
    api.expect(failures, 200, "GET", "/v1.47/images/json", null);
    api.expect(failures, 200, "GET", "/v1.47/containers/json?all=1", null);
    api.expect(failures, 404, "GET", "/v1.47/images/training-absent/json", null);
    for (int round = 0; round < PULLS; round++) {
      String pull = api.expect(failures, 200, "POST", "/v1.47/images/create?fromImage="
          + URLEncoder.encode(from, StandardCharsets.UTF_8) + "&tag=latest", null);
      if (!pull.contains("Downloaded newer image")) failures.add("the pull of " + image + " did not complete: " + tail(pull));
      api.expect(failures, 200, "GET", "/v1.47/images/json", null);
      api.expect(failures, 200, "GET", "/v1.47/images/" + ref + "/json", null);
      api.expect(failures, 200, "GET", "/v1.47/images/" + ref + "/history", null);
      api.expect(failures, 201, "POST", "/v1.47/containers/create?name=training-" + round,
          "{\"Image\":\"" + image + "\",\"Cmd\":[\"/warmup-0\"],\"Env\":[\"A=1\"],\"Labels\":{\"training\":\"yes\"}}");
      api.expect(failures, 200, "GET", "/v1.47/containers/training-" + round + "/json", null);
      api.expect(failures, 200, "GET", "/v1.47/containers/json?all=1", null);
      api.expect(failures, 204, "DELETE", "/v1.47/containers/training-" + round + "?v=1", null);
      api.expect(failures, 200, "DELETE", "/v1.47/images/" + ref, null);
    }
    api.expect(failures, 200, "GET", "/v1.47/events?since=0&until=" + (System.currentTimeMillis() / 1000 + 1), null);
    api.expect(failures, 200, "GET", "/v1.47/system/df", null);
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static String tail(String text) {
    return text.length() <= 300 ? text : text.substring(text.length() - 300);
  }

  private static void deleteQuietly(Path root, List<String> failures) {
    try {
      dev.berth.sys.FileTrees.delete(root);
    } catch (IOException | RuntimeException e) {
      failures.add("could not delete " + root + ": " + e);
    }
  }
}
