package dev.berth.daemon.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What containers leave on the host, counted for one daemon: mounts under its roots, runc state directories,
 * conmon processes serving its exec root, and container cgroups (under {@code /berth} of each v1 controller,
 * which all daemons share: compare before and after within one test).
 */
record Leaks(List<String> mounts, List<String> runcStates, List<String> monitors, List<String> cgroups) {

  static Leaks under(Path dataRoot, Path execRoot) throws IOException {
    return new Leaks(mountsUnder(dataRoot, execRoot), runcStatesIn(execRoot), monitorsOf(execRoot), containerCgroups());
  }

  private static List<String> mountsUnder(Path dataRoot, Path execRoot) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String mountPoint = line.split(" ")[4];
      if (mountPoint.startsWith(dataRoot.toString()) || mountPoint.startsWith(execRoot.toString())) out.add(mountPoint);
    }
    return out;
  }

  private static List<String> runcStatesIn(Path execRoot) throws IOException {
    Path dir = execRoot.resolve("runc");
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> monitorsOf(Path execRoot) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("/conmon")).orElse(false))
        .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(execRoot.toString())).orElse(false))
        .map(p -> Long.toString(p.pid()))
        .toList();
  }

  private static List<String> containerCgroups() throws IOException {
    TreeSet<String> out = new TreeSet<>();
    for (String controller : new String[] {"memory", "pids", "cpu,cpuacct", "freezer", "devices"}) {
      Path dir = Path.of("/sys/fs/cgroup", controller, "berth");
      if (!Files.isDirectory(dir)) continue;
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(Files::isDirectory).forEach(p -> out.add(controller + ":" + p.getFileName()));
      }
    }
    return List.copyOf(out);
  }
}
