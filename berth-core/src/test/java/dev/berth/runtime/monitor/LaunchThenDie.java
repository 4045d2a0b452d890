package dev.berth.runtime.monitor;

import java.nio.file.Path;

/**
 * A stand-in for berthd in {@link ConmonIT}: run in its own JVM, it starts a container under conmon, prints
 * the pids and halts at once (no shutdown hooks, as a crash would), leaving the monitor orphaned.
 * Arguments: exec root, container id, bundle, log path.
 */
final class LaunchThenDie {
  private LaunchThenDie() {}

  public static void main(String[] args) {
    Conmon conmon = Conmon.atExecRoot(Path.of(args[0]));
    MonitorState.Running r = conmon.run(MonitorSpec.of(args[1], Path.of(args[2]), Path.of(args[3])));
    System.out.println(r.pid() + " " + r.monitorPid());
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
