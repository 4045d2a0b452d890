package dev.berth.cli.system;

import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.Prompt;
import dev.berth.cli.PruneOutput;
import dev.berth.cli.image.ImagePruneCommand;
import dev.berth.cli.volume.VolumePruneCommand;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth system prune}: removes everything unused. With {@code --volumes} it first prunes
 * anonymous volumes (never named ones, as docker does); then it prunes images (and the daemon then collects
 * unreferenced blobs and snapshots).
 */
@Command(description = "Remove unused data: dangling images by default, every unused image with -a")
public final class SystemPruneCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-a", "--all"}, description = "Remove all unused images, not just dangling ones")
  boolean all;

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
  boolean force;

  @Option(names = "--volumes", description = "Prune anonymous volumes too")
  boolean volumes;

  public SystemPruneCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    String what = all ? "all images without at least one container associated to them" : "all dangling images";
    String volumeLine = volumes ? "  - all anonymous volumes not used by at least one container\n" : "";
    if (!force && !Prompt.confirm(ctx, "WARNING! This will remove:\n" + volumeLine + "  - " + what + "\n")) return 0;
    long reclaimed = volumes ? VolumePruneCommand.prune(ctx, false, new LinkedHashMap<String, List<String>>()) : 0;
    reclaimed += ImagePruneCommand.prune(ctx, all, new LinkedHashMap<String, List<String>>());
    PruneOutput.reclaimed(ctx, reclaimed);
    return 0;
  }
}
