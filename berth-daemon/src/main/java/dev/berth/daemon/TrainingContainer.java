package dev.berth.daemon;

import dev.berth.engine.image.OneFileTar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The container part of {@link TrainingRun}: imports an image of the host's static busybox, then creates, starts,
 * waits for, reads the logs of and removes a container of it, twice, as {@code docker run} does (without the attach).
 * It only runs where that can work, as root with runc, conmon and {@code /bin/busybox}; and since a build machine
 * without cgroups or namespaces can still record a useful cache, its failures are reported as notes, not failures.
 */
final class TrainingContainer {
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final String IMAGE = "berth-training:latest";
  static final int RUNS = 2;

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
    api.expect(new ArrayList<>(), 200, "DELETE", "/v1.47/images/" + IMAGE + "?force=1", null);
    return problems;
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return true;
    }
    return false;
  }
}
