package dev.berth.daemon.boot;

import dev.berth.engine.Dom0Service.Step;
import dev.berth.engine.dom0.Steps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One boot hook, a shell script under {@code <data-root>/host} run with {@code /bin/sh} (it needs no execute bit),
 * as boot2docker runs {@code bootsync.sh} and {@code bootlocal.sh}. Its stdout and stderr go to
 * {@code host/log/<name>.log}, rewritten at each boot; stdin is /dev/null; it starts in {@code host/} with berthd's
 * environment plus {@code DOCKER_HOST} (berthd's socket) and {@code BERTH_DATA_ROOT}. A missing script is skipped.
 */
public final class BootHook {
  private final String name;
  private final Path script;
  private final Path log;
  private final Path workDir;
  private final Map<String, String> environment;

  public BootHook(String name, Path script, Path log, Path workDir, Map<String, String> environment) {
    this.name = name;
    this.script = script;
    this.log = log;
    this.workDir = workDir;
    this.environment = Map.copyOf(environment);
  }

  /** Runs the hook and waits, at most {@code timeout}: past it the hook and its children are killed and the step fails. */
  public Step runAndWait(Duration timeout) {
    Step started = Steps.running(name, "running " + script);
    if (!Files.isRegularFile(script)) return Steps.skipped(started, "no " + script);
    try {
      Process p = start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        return Steps.end(started, dev.berth.engine.Dom0Service.Outcome.FAILED, "output in " + log,
            "did not finish within " + timeout.toSeconds() + " s and was killed", null);
      }
      return Steps.exited(started, "output in " + log, p.exitValue());
    } catch (IOException e) {
      return Steps.failed(started, "not run", "running " + script + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Steps.failed(started, "not finished", "berthd stopped while " + script + " ran");
    }
  }

  /** The RUNNING step of a hook started in the background, or its SKIPPED step; {@code process} null when none runs. */
  public record Background(Step step, Process process) {}

  /** Starts the hook without waiting; {@link #await} ends its step. */
  public Background startInBackground() {
    Step started = Steps.running(name, "running " + script + " in the background");
    if (!Files.isRegularFile(script)) return new Background(Steps.skipped(started, "no " + script), null);
    try {
      return new Background(started, start());
    } catch (IOException e) {
      return new Background(Steps.failed(started, "not run", "running " + script + ": " + e.getMessage()), null);
    }
  }

  /** Waits for a background hook to end and returns its final step. */
  public Step await(Background running) throws InterruptedException {
    if (running.process() == null) return running.step();
    int code = running.process().waitFor();
    return Steps.exited(running.step(), "output in " + log, code);
  }

  /** Kills the hook and everything it started. */
  public static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Process start() throws IOException {
    Files.createDirectories(log.getParent());
    Files.writeString(log, "# " + name + " " + script + " started " + Instant.now() + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.toString()).directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(environment);
    return pb.start();
  }
}
