package dev.berth.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.format.OutputFormat;
import dev.berth.cli.format.Rows;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth apply}: converges this host to a stack file. The file is read here, {@code build:} images are
 * built, and berthd creates what is missing, recreates what changed, starts what is stopped and keeps the rest.
 * Exits 1 when a step failed; a re-run finishes the job.
 */
@Command(description = "Apply a stack file: create what is missing, recreate only the services whose configuration or image changed, keep the rest")
public final class ApplyCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Mixin StackFileOptions stackFile;

  @Option(names = "--dry-run", description = "Print the plan (create, recreate, start, keep, remove, with the reason for each) and change nothing")
  boolean dryRun;

  @Option(names = "--build", description = "Build the images of build: services even when they exist already")
  boolean build;

  public ApplyCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    StackFiles.Loaded loaded = stackFile.load(ctx);
    StackApi api = new StackApi(ctx.client());
    if (dryRun) {
      JsonNode plan = api.plan(loaded.project(), loaded.stack(), stackFile.removeOrphans());
      ctx.out().print(Rows.render(new OutputFormat.Table(null), StepLines.PLAN_COLUMNS, StepLines.planRows(plan)));
      return 0;
    }
    new ImageBuilds(ctx).buildAll(loaded.project(), loaded.stack().services(), build);
    JsonNode report = api.apply(loaded.project(), loaded.stack(), stackFile.removeOrphans(), result -> {
      ctx.out().println(StepLines.step(result));
      ctx.out().flush();
    });
    ctx.out().println(StepLines.summary(loaded.project(), report));
    return StepLines.failed(report) ? 1 : 0;
  }
}
