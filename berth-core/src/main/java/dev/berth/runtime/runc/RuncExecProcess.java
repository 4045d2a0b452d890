package dev.berth.runtime.runc;

import dev.berth.errors.SystemException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code runc exec} running in the foreground, started by {@link Runc#startExec}. runc stays the
 * process's parent (a child subreaper) until it ends and exits with its status (128+N after signal N), so
 * the exit code is known without owning the process. Its streams are Java pipes; with a terminal, runc's
 * stderr is the host console slave, opened by a {@code /bin/sh} in between so that the daemon itself never
 * opens a terminal slave (a session leader without a controlling terminal would acquire it, and the hangup
 * at close would reach the daemon).
 */
public final class RuncExecProcess {
  private static final String CONSOLE_WRAPPER = "exec \"$@\" 2>\"$0\"";

  private final Process process;
  private final Path log;
  private final Path pidFile;

  private RuncExecProcess(Process process, Path log, Path pidFile) {
    this.process = process;
    this.log = log;
    this.pidFile = pidFile;
  }

  static RuncExecProcess start(List<String> runcPrefix, List<String> execArgs, ExecIo io, Path pidFile) {
    Path log = null;
    try {
      log = Files.createTempFile("berth-runc-exec-", ".log");
      List<String> argv = new ArrayList<>();
      if (io.console() != null) {
        argv.addAll(List.of("/bin/sh", "-c", CONSOLE_WRAPPER, io.console().toString()));
      }
      argv.add(runcPrefix.getFirst());
      argv.addAll(List.of("--log", log.toString(), "--log-format", "json"));
      argv.addAll(runcPrefix.subList(1, runcPrefix.size()));
      argv.addAll(execArgs);
      Redirect devNull = Redirect.from(new File("/dev/null"));
      ProcessBuilder pb = new ProcessBuilder(argv)
          .redirectInput(io.stdin() ? Redirect.PIPE : devNull)
          .redirectOutput(io.stdout() ? Redirect.PIPE : Redirect.DISCARD)
          .redirectError(io.stderr() && io.console() == null ? Redirect.PIPE : Redirect.DISCARD);
      return new RuncExecProcess(pb.start(), log, pidFile);
    } catch (IOException e) {
      deleteQuietly(log);
      throw new SystemException("exec: cannot run runc: " + e.getMessage(), e);
    }
  }

  /** runc's own pid: the one that relays signals and terminal resizes to the process. */
  public long runcPid() {
    return process.pid();
  }

  /** The exec'd process's host pid, 0 while runc has not written it yet (or it failed to start). */
  public long pid() {
    try {
      String text = Files.readString(pidFile, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? 0 : Long.parseLong(text);
    } catch (IOException | NumberFormatException notYet) {
      return 0;
    }
  }

  public OutputStream stdin() {
    return process.getOutputStream();
  }

  public InputStream stdout() {
    return process.getInputStream();
  }

  public InputStream stderr() {
    return process.getErrorStream();
  }

  /** Waits for runc to exit; returns false at the timeout ({@code millis} negative: forever). */
  public boolean waitFor(long millis) throws InterruptedException {
    if (millis < 0) {
      process.waitFor();
      return true;
    }
    return process.waitFor(millis, TimeUnit.MILLISECONDS);
  }

  public boolean alive() {
    return process.isAlive();
  }

  /**
   * The outcome once runc exited: the process's status, or runc's own error (the process never ran) with
   * the message runc logged. Removes runc's log.
   */
  public ExecExit exit() throws InterruptedException {
    int code = process.waitFor();
    String error = "";
    if (code != 0) {
      try {
        error = RuncCommand.errorMessages(log);
      } catch (java.io.UncheckedIOException unreadable) {
        // without runc's word the status is taken as the process's own
      }
    }
    discardLog();
    return new ExecExit(code, error.isEmpty() ? null : error);
  }

  /** Deletes runc's log; for a run whose outcome no longer matters (killed at a timeout). */
  public void discardLog() {
    deleteQuietly(log);
  }

  /** Kills runc itself (after the process was killed, or when it never started). */
  public void destroy() {
    process.destroyForcibly();
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover temp log is harmless
      }
    }
  }

  /**
   * How a foreground exec ended: runc's exit status and, when runc itself failed (nothing ran, or it broke
   * down), the error it logged; null when the status is the process's own.
   */
  public record ExecExit(int status, String runcError) {}
}
