package dev.berth.engine.exec;

import dev.berth.engine.ExecService.ExecConfig;
import dev.berth.engine.ExecService.ExecView;
import dev.berth.errors.ConflictException;
import dev.berth.runtime.runc.RuncExecProcess;
import dev.berth.sys.Pty;
import java.util.Map;

/**
 * One exec instance: created, then running, then exited, never back. Owns its runc process and terminal
 * while it runs; every field changes under the session's monitor.
 *
 * @param attributes the event attributes of its container (name, image)
 */
final class ExecSession {
  private enum Phase { CREATED, RUNNING, EXITED }

  private final String id;
  private final String containerId;
  private final ExecConfig config;
  private final Map<String, String> attributes;
  private Phase phase = Phase.CREATED;
  private Integer exitCode;
  private RuncExecProcess process;
  private Pty pty;
  private long pid;
  private ConsoleSize pendingSize;
  private java.time.Instant exitedAt;

  ExecSession(String id, String containerId, ExecConfig config, Map<String, String> attributes) {
    this.id = id;
    this.containerId = containerId;
    this.config = config;
    this.attributes = Map.copyOf(attributes);
  }

  String id() {
    return id;
  }

  String containerId() {
    return containerId;
  }

  ExecConfig config() {
    return config;
  }

  Map<String, String> attributes() {
    return attributes;
  }

  /** Claims the start; a second start is a conflict, as in Docker. */
  synchronized void begin() {
    switch (phase) {
      case CREATED -> phase = Phase.RUNNING;
      case RUNNING -> throw new ConflictException("Error: Exec command " + id + " is already running");
      case EXITED -> throw new ConflictException("Error: Exec command " + id + " has already run");
    }
  }

  synchronized void started(RuncExecProcess p, Pty terminal) {
    this.process = p;
    this.pty = terminal;
  }

  /** Records the exit code and hands back the terminal to close (null without one). */
  synchronized Pty exited(int code) {
    if (process != null && pid == 0) {
      pid = process.pid();
    }
    phase = Phase.EXITED;
    exitCode = code;
    exitedAt = java.time.Instant.now();
    process = null;
    Pty terminal = pty;
    pty = null;
    return terminal;
  }

  synchronized boolean running() {
    return phase == Phase.RUNNING;
  }

  /** Whether it ended before {@code instant}. */
  synchronized boolean exitedBefore(java.time.Instant instant) {
    return exitedAt != null && exitedAt.isBefore(instant);
  }

  synchronized boolean exited() {
    return phase == Phase.EXITED;
  }

  /**
   * Before the start, keeps the size for the terminal to be created with (answers null); while it runs with
   * a terminal, answers the terminal and runc to resize; ConflictException otherwise.
   */
  synchronized Resizable resize(ConsoleSize size) {
    if (phase == Phase.CREATED) {
      pendingSize = size;
      return null;
    }
    if (phase != Phase.RUNNING || process == null) {
      throw new ConflictException("cannot resize exec " + id + ": it is not running");
    }
    if (pty == null) {
      throw new ConflictException("cannot resize exec " + id + ": it has no terminal");
    }
    return new Resizable(pty, process.runcPid());
  }

  /** The size asked for before the start, or null. */
  synchronized ConsoleSize pendingSize() {
    return pendingSize;
  }

  record Resizable(Pty pty, long runcPid) {}

  synchronized ExecView view() {
    if (process != null && pid == 0) {
      pid = process.pid();
    }
    return new ExecView(id, containerId, phase == Phase.RUNNING, exitCode, pid, config, config.attachStdin());
  }
}
