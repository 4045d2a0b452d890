package dev.berth.runtime.monitor;

import java.time.Instant;

/**
 * What the monitor knows of a container, read from conmon's files and the process table only, so a freshly
 * started daemon learns it without having launched the monitor itself.
 */
public sealed interface MonitorState {

  /** The monitor lives and the container's init process is {@code pid} (created or running). */
  record Running(int pid, int monitorPid) implements MonitorState {}

  /** The container ended: conmon wrote {@code exitCode} (128+N after signal N) at {@code finishedAt}. */
  record Exited(int exitCode, Instant finishedAt) implements MonitorState {}

  /**
   * Neither a live monitor nor an exit file: the monitor was killed, the host rebooted, or the container
   * was never created here. {@code reason} says which of these the files suggest.
   */
  record Unknown(String reason) implements MonitorState {}
}
