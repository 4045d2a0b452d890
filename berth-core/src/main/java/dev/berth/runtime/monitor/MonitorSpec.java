package dev.berth.runtime.monitor;

import dev.berth.errors.InvalidArgumentException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What conmon needs to create one container: its id (runc's id, the exit file's name and the attach socket's
 * directory), its name (for conmon's own messages), the bundle holding config.json, where the k8s-file log
 * goes, whether stdin stays open for attach, whether the process has a terminal (the spec's
 * {@code process.terminal} must agree), and the log's size cap in bytes (0: none).
 *
 * <p>When the log passes {@code logSizeMax}, conmon truncates it and starts again: it keeps no rotated
 * files: Docker's {@code max-file} is {@link LogRotator}'s job, and a container rotated that way gets no
 * {@code logSizeMax}.
 */
public record MonitorSpec(
    String id, String name, Path bundle, Path logPath, boolean stdin, boolean terminal, long logSizeMax) {
  private static final Pattern ID = Pattern.compile("[\\w+.-]+");

  public MonitorSpec {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new InvalidArgumentException("create monitor: invalid container id \"" + id + "\"");
    }
    name = name == null || name.isBlank() ? id : name;
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(logPath, "logPath");
    if (logSizeMax < 0) {
      throw new InvalidArgumentException("create monitor for " + id + ": log size cap must be >= 0, got " + logSizeMax);
    }
  }

  /** A container without stdin or terminal, logging to {@code logPath} without a size cap. */
  public static MonitorSpec of(String id, Path bundle, Path logPath) {
    return new MonitorSpec(id, id, bundle, logPath, false, false, 0);
  }

  public MonitorSpec withStdin(boolean open) {
    return new MonitorSpec(id, name, bundle, logPath, open, terminal, logSizeMax);
  }

  public MonitorSpec withTerminal(boolean tty) {
    return new MonitorSpec(id, name, bundle, logPath, stdin, tty, logSizeMax);
  }

  public MonitorSpec withLogSizeMax(long bytes) {
    return new MonitorSpec(id, name, bundle, logPath, stdin, terminal, bytes);
  }

  public MonitorSpec withName(String n) {
    return new MonitorSpec(id, n, bundle, logPath, stdin, terminal, logSizeMax);
  }
}
