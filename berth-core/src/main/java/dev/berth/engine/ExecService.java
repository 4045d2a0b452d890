package dev.berth.engine;

import java.util.List;

/**
 * Processes run in a running container ({@code docker exec}), Docker's two-step way: create an exec, then
 * start it. Errors: NotFoundException ("No such exec instance: x", "No such container: x"), ConflictException
 * (the container does not run or is paused; the exec already started). Publishes exec_create, exec_start and
 * exec_die (with exitCode) events for the container.
 */
public interface ExecService {
  /** Registers an exec in the container {@code containerRef}; returns its ID (64 hex). */
  String create(String containerRef, ExecConfig config);

  /**
   * Starts it. Detached: returns at once with null, the process runs on. Attached: returns the attachment,
   * which ends when the process has ended and its output was delivered. {@code tty} overrides the config's
   * terminal setting when not null.
   */
  Attachment start(String execId, boolean detach, Boolean tty);

  ExecView inspect(String execId);

  /** Resizes the exec's terminal. */
  void resize(String execId, int rows, int cols);

  /**
   * Runs {@code cmd} in the container to completion without a terminal, collecting its output up to
   * {@code maxOutput} bytes, killed after {@code timeoutMillis}: what HEALTHCHECK probes use.
   */
  ExecResult run(String containerRef, List<String> cmd, long timeoutMillis, int maxOutput);

  /**
   * Docker's {@code ExecConfig}: the command, its environment additions, working directory, user, whether it
   * has a terminal, which streams it attaches, and whether it runs privileged.
   */
  record ExecConfig(List<String> cmd, List<String> env, String workingDir, String user, boolean tty,
      boolean attachStdin, boolean attachStdout, boolean attachStderr, boolean privileged, String detachKeys) {
    public ExecConfig {
      if (cmd == null || cmd.isEmpty()) {
        throw new dev.berth.errors.InvalidArgumentException("exec: no command specified");
      }
      cmd = List.copyOf(cmd);
      env = env == null ? List.of() : List.copyOf(env);
      workingDir = workingDir == null ? "" : workingDir;
      user = user == null ? "" : user;
    }
  }

  /** Docker's exec inspect: ID, container, running, exit code (null while it never ended), pid, config. */
  record ExecView(String id, String containerId, boolean running, Integer exitCode, long pid, ExecConfig config, boolean openStdin) {}

  /** A finished probe run: exit code (-1 timed out) and output (stdout and stderr together). */
  record ExecResult(int exitCode, String output, boolean timedOut) {}
}
