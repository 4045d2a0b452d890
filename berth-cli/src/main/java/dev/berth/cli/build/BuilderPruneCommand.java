package dev.berth.cli.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.Filters;
import dev.berth.cli.HelpOption;
import dev.berth.cli.Prompt;
import dev.berth.cli.PruneOutput;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth builder prune}: empties the build cache (after asking, unless -f), printing what docker prints. */
@Command(description = "Remove build cache: the cached steps of earlier builds and the intermediate images only the cache kept")
public final class BuilderPruneCommand implements Callable<Integer> {
  static final String DANGLING_WARNING = "WARNING! This will remove all dangling build cache.";
  static final String ALL_WARNING = "WARNING! This will remove all build cache.";

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-a", "--all"}, description = "Remove all unused build cache, not just dangling ones")
  boolean all;

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
  boolean force;

  @Option(names = "--filter", paramLabel = "FILTER", description = "Provide filter values (e.g. until=24h)")
  List<String> filters;

  @Option(names = "--keep-storage", paramLabel = "BYTES", description = "Amount of disk space to keep for cache (accepted; Berth's cache keeps none)")
  String keepStorage;

  public BuilderPruneCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    if (!force && !Prompt.confirm(ctx, all ? ALL_WARNING : DANGLING_WARNING)) return 0;
    JsonNode report = ctx.client().json(ApiRequest.post("/build/prune")
        .flag("all", all)
        .query("filters", Filters.toJson(Filters.parse(filters)))
        .build());
    PruneOutput.deleted(ctx, report, "CachesDeleted", "Deleted build cache objects:", true);
    PruneOutput.reclaimed(ctx, report.path("SpaceReclaimed").asLong());
    return 0;
  }
}
