package dev.berth.daemon;

import dev.berth.engine.image.OneFileTar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The container part of {@link TrainingRun}: imports an image of the host's static busybox, then creates, starts,
 * waits for, reads the logs of and removes a container of it, twice; then runs {@link #DOCKER_RUNS} containers the
 * way {@code docker run --rm} does, the start request users send most: create with auto-removal, an attach upgraded to
 * a raw stream and a wait for the removal both opened before the start, then the output and the exit code read from
 * them. These runs give the JIT the profiles of a whole start, from the API to the monitor's exit and the removal,
 * so that a fresh berthd's first container starts compile sooner.
 * It only runs where that can work, as root with runc, conmon and {@code /bin/busybox}; and since a build machine
 * without cgroups or namespaces can still record a useful cache, its failures are reported as notes, not failures.
 */
final class TrainingContainer {
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final String IMAGE = "berth-training:latest";
  static final int RUNS = 2;
  /** {@code docker run --rm}-like runs ({@code berth.trainingRuns}): each about 0.1 s: 20 cost the build a few seconds. */
  static final int DOCKER_RUNS = Math.max(0, Integer.getInteger("berth.trainingRuns", 20));

  private TrainingContainer() {}

  /** Why the container part cannot run here, or null when it can. */
  static String unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) return "not root";
    if (!Files.isExecutable(BUSYBOX)) return "no " + BUSYBOX;
    for (String tool : List.of("runc", "conmon")) {
      if (!onPath(tool)) return "no " + tool + " on the PATH";
    }
    return null;
  }

  /** Runs the container part; returns what went wrong (empty when nothing did). */
  static List<String> run(TrainingClient api) throws IOException {
    List<String> problems = new ArrayList<>();
    api.send(problems, 200, "POST", "/v1.47/images/create?fromSrc=-&repo=berth-training&tag=latest", "application/x-tar",
        OneFileTar.of("bin/busybox", 0755, Files.readAllBytes(BUSYBOX)));
    for (int i = 0; i < RUNS && problems.isEmpty(); i++) {
      String name = "training-run-" + i;
      api.expect(problems, 201, "POST", "/v1.47/containers/create?name=" + name, "{\"Image\":\"" + IMAGE
          + "\",\"Cmd\":[\"/bin/busybox\",\"echo\",\"trained\"],\"HostConfig\":{\"NetworkMode\":\"none\"}}");
      api.expect(problems, 204, "POST", "/v1.47/containers/" + name + "/start", null);
      String exit = api.expect(problems, 200, "POST", "/v1.47/containers/" + name + "/wait", null);
      if (!exit.contains("\"StatusCode\":0")) problems.add("container " + name + " did not exit 0: " + exit.strip());
      String logs = api.expect(problems, 200, "GET", "/v1.47/containers/" + name + "/logs?stdout=1&stderr=1", null);
      if (!logs.contains("trained")) problems.add("container " + name + " logged no output");
      api.expect(problems, 200, "GET", "/v1.47/containers/" + name + "/json", null);
      api.expect(new ArrayList<>(), 204, "DELETE", "/v1.47/containers/" + name + "?force=1", null);
    }
    for (int i = 0; i < DOCKER_RUNS && problems.isEmpty(); i++) dockerRunRm(api, "training-rm-" + i, problems);
    api.expect(new ArrayList<>(), 200, "DELETE", "/v1.47/images/" + IMAGE + "?force=1", null);
    return problems;
  }

  /** {@code docker run --rm --network none IMAGE busybox echo trained}, in the docker CLI's order of requests. */
  private static void dockerRunRm(TrainingClient api, String name, List<String> problems) throws IOException {
    api.expect(problems, 200, "HEAD", "/_ping", null);
    api.expect(problems, 201, "POST", "/v1.47/containers/create?name=" + name, "{\"Image\":\"" + IMAGE
        + "\",\"AttachStdout\":true,\"AttachStderr\":true,\"Cmd\":[\"/bin/busybox\",\"echo\",\"trained\"],"
        + "\"HostConfig\":{\"NetworkMode\":\"none\",\"AutoRemove\":true}}");
    if (!problems.isEmpty()) return;
    try (TrainingClient.Open attach = api.open("/v1.47/containers/" + name + "/attach?stream=1&stdout=1&stderr=1",
            "Connection: Upgrade\r\nUpgrade: tcp\r\n");
        TrainingClient.Open wait = api.open("/v1.47/containers/" + name + "/wait?condition=removed",
            "Connection: close\r\n")) {
      if (!attach.head().startsWith("HTTP/1.1 101") || !wait.head().startsWith("HTTP/1.1 200")) {
        problems.add("docker-run-like " + name + ": attach answered " + attach.head().lines().findFirst().orElse("")
            + ", wait " + wait.head().lines().findFirst().orElse(""));
        return;
      }
      api.expect(problems, 204, "POST", "/v1.47/containers/" + name + "/start", null);
      if (!problems.isEmpty()) return; // a container that did not start may never end the wait for its removal
      String out = attach.readRest();
      if (!out.contains("trained")) problems.add("docker-run-like " + name + ": the attach stream carried no output");
      String exit = wait.readRest();
      if (!exit.contains("\"StatusCode\":0")) problems.add("docker-run-like " + name + " did not exit 0: " + exit.strip());
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return true;
    }
    return false;
  }
}
