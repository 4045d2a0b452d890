package dev.berth.cli.container;

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

/** {@code berth container prune}: removes every stopped container, after a confirmation unless {@code -f}. */
@Command(description = "Remove all stopped containers")
public final class ContainerPruneCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation") boolean force;

  @Option(names = "--filter", paramLabel = "FILTER", description = "Provide filter values (e.g. 'until=<timestamp>', 'label=k=v')") List<String> filters;

  public ContainerPruneCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    String filterJson = Filters.toJson(Filters.parse(filters));
    if (!force && !Prompt.confirm(ctx, "WARNING! This will remove all stopped containers.")) return 0;
    JsonNode report = ctx.client().json(ApiRequest.post("/containers/prune").query("filters", filterJson).build());
    PruneOutput.deleted(ctx, report, "ContainersDeleted", "Deleted Containers:", true);
    PruneOutput.reclaimed(ctx, report.path("SpaceReclaimed").asLong());
    return 0;
  }
}
