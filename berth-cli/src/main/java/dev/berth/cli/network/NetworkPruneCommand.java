package dev.berth.cli.network;

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

/** {@code berth network prune}: removes the user networks no container uses, after asking unless -f. */
@Command(description = "Remove all unused networks (user networks no container is connected to)")
public final class NetworkPruneCommand implements Callable<Integer> {
  static final String WARNING = "WARNING! This will remove all custom networks not used by at least one container.";

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
  boolean force;

  @Option(names = "--filter", paramLabel = "FILTER", description = "Provide filter values (e.g. 'label=KEY=VALUE')")
  List<String> filters;

  public NetworkPruneCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    var f = Filters.parse(filters);
    if (!force && !Prompt.confirm(ctx, WARNING)) return 0;
    JsonNode report = ctx.client().json(ApiRequest.post("/networks/prune").query("filters", Filters.toJson(f)).build());
    PruneOutput.deleted(ctx, report, "NetworksDeleted", "Deleted Networks:", false);
    return 0;
  }
}
