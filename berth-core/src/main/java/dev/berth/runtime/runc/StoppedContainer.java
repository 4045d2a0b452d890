package dev.berth.runtime.runc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code runc delete} does for a container whose init has exited, done without a runc process: remove
 * its cgroup directories (the paths runc recorded in its state.json) and its state directory. It applies only
 * when that is all there is to do: the init process is gone (its pid is dead or belongs to a newer process),
 * the state names no hooks, and every cgroup directory is empty. Otherwise the caller runs runc.
 */
final class StoppedContainer {
  private StoppedContainer() {}

  /** True when the container's runc state and cgroups were removed here. */
  static boolean remove(Path stateDir) {
    Path stateFile = stateDir.resolve("state.json");
    try {
      JsonNode state = Json.MAPPER.readTree(Files.readAllBytes(stateFile));
      if (initAlive(state.path("init_process_pid").asLong(0), state.path("init_process_start").asText(""))) {
        return false;
      }
      JsonNode hooks = state.path("config").path("Hooks");
      if (hooks.isObject() && hooks.size() > 0 && hasAnyHook(hooks)) {
        return false;
      }
      List<Path> cgroups = new ArrayList<>();
      state.path("cgroup_paths").forEach(p -> cgroups.add(Path.of(p.asText())));
      for (Path cgroup : cgroups) {
        if (Files.isDirectory(cgroup) && hasTasks(cgroup)) {
          return false;
        }
      }
      for (Path cgroup : cgroups) {
        Files.deleteIfExists(cgroup); // rmdir: a cgroup directory goes with its control files
      }
      try (var walk = Files.walk(stateDir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean hasAnyHook(JsonNode hooks) {
    for (JsonNode list : hooks) {
      if (list.isArray() && !list.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasTasks(Path cgroup) throws IOException {
    Path procs = cgroup.resolve("cgroup.procs");
    return Files.exists(procs) && !Files.readString(procs).isBlank();
  }

  /** Whether {@code pid} still is the container's init: alive, and started at the time runc recorded. */
  private static boolean initAlive(long pid, String startTime) throws IOException {
    if (pid <= 0) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    String content;
    try {
      content = Files.readString(stat);
    } catch (java.nio.file.NoSuchFileException gone) {
      return false;
    }
    String[] fields = content.substring(content.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state); the start time is field 22
    return fields.length > 19 && fields[19].equals(startTime) && !fields[0].equals("Z");
  }
}
