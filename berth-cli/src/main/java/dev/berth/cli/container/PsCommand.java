package dev.berth.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.Filters;
import dev.berth.cli.HelpOption;
import dev.berth.cli.Ids;
import dev.berth.cli.format.Rows;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth ps} / {@code berth container ls}. */
@Command(description = "List containers (running ones; -a for all)")
public final class PsCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)") boolean all;
  @Option(names = {"-q", "--quiet"}, description = "Only display container IDs") boolean quiet;
  @Option(names = {"-f", "--filter"}, paramLabel = "FILTER", description = "Filter output based on conditions provided (status=exited, name=web, label=k=v, id=…, ancestor=…, exited=0)") List<String> filters;
  @Option(names = "--format", paramLabel = "FORMAT", description = "Format output: 'table' (default), 'table TEMPLATE', 'json', or a Go template such as '{{.ID}} {{.Names}}'") String format;
  @Option(names = "--no-trunc", description = "Don't truncate output") boolean noTrunc;
  @Option(names = {"-n", "--last"}, paramLabel = "INT", description = "Show n last created containers (includes all states)") Integer last;
  @Option(names = {"-l", "--latest"}, description = "Show the latest created container (includes all states)") boolean latest;
  @Option(names = {"-s", "--size"}, description = "Display total file sizes") boolean size;

  public PsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    Integer limit = last != null && last >= 0 ? last : latest ? Integer.valueOf(1) : null;
    JsonNode containers = ctx.client().json(ApiRequest.get("/containers/json")
        .flag("all", all || limit != null).query("filters", Filters.toJson(Filters.parse(filters))).query("limit", limit)
        .flag("size", size).build());
    if (quiet) {
      for (JsonNode c : containers) ctx.out().println(Ids.show(c.path("Id").asText(), noTrunc));
      return 0;
    }
    ContainerRows rows = new ContainerRows(ctx.clock().instant(), ctx.zone(), noTrunc);
    ctx.out().print(Rows.render(ctx.format(format), ContainerRows.columns(size), rows.rows(containers)));
    return 0;
  }
}
