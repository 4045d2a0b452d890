package dev.berth.cli.training;

import dev.berth.cli.Berth;
import dev.berth.cli.CliContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code berth __warmup}: runs the common commands (help, version, info, images in each format, inspect,
 * history, df, run attached and detached, create, ps, logs, stop, rm, and an unknown image, a bad flag value
 * and an unknown command for the error paths) against a {@link
 * CannedDaemon}, discarding their output. The build runs it under {@code -XX:AOTCacheOutput} so that the
 * cache holds every class these paths load. Each step checks its exit status, so a training run that no
 * longer exercises what it claims fails loudly instead of recording a useless cache.
 */
public final class TrainingRun {
  /** One command line and the exit status it must end with. */
  record Step(int expectedStatus, String... args) {}

  static final List<Step> STEPS = List.of(
      new Step(0, "--help"),
      new Step(0),
      new Step(0, "-v"),
      new Step(0, "version"),
      new Step(0, "version", "--format", "{{.Server.ApiVersion}}"),
      new Step(0, "version", "--format", "json"),
      new Step(0, "info"),
      new Step(0, "system", "info", "--format", "{{.Driver}}"),
      new Step(0, "images"),
      new Step(0, "images", "-a", "--no-trunc"),
      new Step(0, "images", "-q"),
      new Step(0, "image", "ls", "--format", "json"),
      new Step(0, "images", "--format", "table {{.Repository}}\t{{.Tag}}\t{{.ID}}"),
      new Step(0, "images", "--filter", "dangling=true", "--digests"),
      new Step(0, "inspect", "busybox"),
      new Step(0, "image", "inspect", "--format", "{{.Id}} {{json .Config}}", "busybox"),
      new Step(1, "inspect", "nope"),
      new Step(0, "history", "busybox"),
      new Step(0, "image", "history", "--no-trunc", "--format", "{{.ID}} {{.CreatedBy}}", "busybox"),
      new Step(0, "system", "df"),
      new Step(0, "system", "df", "--format", "json"),
      new Step(0, "image", "--help"),
      new Step(0, "system", "--help"),
      new Step(0, "images", "--help"),
      new Step(0, "image", "bootstrap", "--help"),
      new Step(0, "run", "--rm", "--name", "web", "-e", "A=1", "-m", "64m", "busybox", "sh", "-c", "echo hello from busybox"),
      new Step(0, "run", "-d", "--restart", "always", "busybox", "sleep", "1000"),
      new Step(0, "create", "-v", "/data", "--cpus", "0.5", "busybox"),
      new Step(0, "ps"),
      new Step(0, "ps", "-a", "--format", "{{.ID}} {{.Names}} {{.Status}}"),
      new Step(0, "container", "ls", "-q"),
      new Step(0, "container", "inspect", "--format", "{{.State.Status}}", "web"),
      new Step(0, "inspect", "web"),
      new Step(0, "logs", "web"),
      new Step(0, "stop", "web"),
      new Step(0, "rm", "-f", "web"),
      new Step(1, "rm", "nope"),
      new Step(125, "run", "-m", "10x", "busybox"),
      new Step(0, "run", "--help"),
      new Step(125, "imagez"),
      new Step(125, "images", "--bogus"));

  private TrainingRun() {}

  /** Runs every step; returns 0, or 1 after naming on {@code log} each step whose status was wrong. */
  public static int run(PrintStream log) throws IOException {
    List<String> failures = new ArrayList<>();
    try (CannedDaemon daemon = CannedDaemon.start()) {
      for (Step step : STEPS) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(Map.of("BERTH_HOST", daemon.host()), InputStream.nullInputStream(),
            OutputStream.nullOutputStream(), err, new CliContext.Terminals(false, false), Clock.systemDefaultZone());
        int status = Berth.run(ctx, step.args());
        if (status != step.expectedStatus()) {
          failures.add("berth " + String.join(" ", step.args()) + ": exit status " + status + ", expected "
              + step.expectedStatus() + ": " + err.toString().strip());
        }
      }
    }
    failures.forEach(f -> log.println("berth __warmup: " + f));
    return failures.isEmpty() ? 0 : 1;
  }
}
