package dev.berth.runtime.runc;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Options of {@code runc create} (and of a detached {@code runc exec}): where runc writes the container's
 * pid, the unix socket that receives the terminal's master fd when the spec asks for a terminal, and where
 * the process's stdout and stderr go when it has no terminal (files, usually; the default drops them).
 */
public record CreateOptions(Path pidFile, Path consoleSocket, Redirect stdout, Redirect stderr) {
  public CreateOptions {
    stdout = Objects.requireNonNullElse(stdout, Redirect.DISCARD);
    stderr = Objects.requireNonNullElse(stderr, Redirect.DISCARD);
  }

  public static final CreateOptions DEFAULT = new CreateOptions(null, null, null, null);

  public CreateOptions withPidFile(Path p) {
    return new CreateOptions(p, consoleSocket, stdout, stderr);
  }

  public CreateOptions withConsoleSocket(Path c) {
    return new CreateOptions(pidFile, c, stdout, stderr);
  }

  public CreateOptions withOutput(Redirect out, Redirect err) {
    return new CreateOptions(pidFile, consoleSocket, out, err);
  }
}
