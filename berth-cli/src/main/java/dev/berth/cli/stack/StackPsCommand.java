package dev.berth.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.container.ContainerRows;
import dev.berth.cli.format.Rows;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth stack ps PROJECT}: the project's containers, as {@code berth ps} shows them, with their service. */
@Command(description = "List a stack's containers (running ones; -a for all), with the service each belongs to")
public final class StackPsCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "PROJECT", description = "The stack's project name")
  String project;

  @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
  boolean all;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Format output: 'table' (default), 'table TEMPLATE', 'json', or a Go template such as '{{.Service}} {{.Names}} {{.State}}'")
  String format;

  @Option(names = "--no-trunc", description = "Don't truncate output")
  boolean noTrunc;

  public StackPsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    ContainerRows rows = new ContainerRows(ctx.clock().instant(), ctx.zone(), noTrunc);
    List<Map<String, String>> out = new ArrayList<>();
    for (JsonNode c : StackContainers.list(ctx, project, all)) {
      Map<String, String> row = new HashMap<>(rows.row(c));
      row.put("Service", StackContainers.service(c));
      out.add(row);
    }
    ctx.out().print(Rows.render(ctx.format(format), columns(), out));
    return 0;
  }

  static Rows.Columns columns() {
    Rows.Columns ps = ContainerRows.columns(false);
    List<String> defaults = new ArrayList<>(ps.defaults());
    defaults.add(defaults.indexOf("Names") + 1, "Service");
    return new Rows.Columns(defaults, ps.headers());
  }
}
