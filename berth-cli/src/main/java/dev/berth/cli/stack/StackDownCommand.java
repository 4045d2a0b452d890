package dev.berth.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth stack down PROJECT [-v]}: stops and removes the stack's containers and networks. */
@Command(description = "Stop and remove a stack's containers and networks; with -v, its volumes too")
public final class StackDownCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "PROJECT", description = "The stack's project name")
  String project;

  @Option(names = {"-v", "--volumes"}, description = "Remove the stack's named volumes as well (their data is lost)")
  boolean volumes;

  public StackDownCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    JsonNode report = new StackApi(ctx.client()).down(project, volumes);
    int removed = 0;
    for (String kind : new String[] {"containers", "networks", "volumes"}) {
      for (JsonNode name : report.path(kind)) {
        ctx.out().println("Removed " + kind.substring(0, kind.length() - 1) + " " + name.asText());
        removed++;
      }
    }
    if (removed == 0) ctx.out().println(project + ": nothing to remove");
    return 0;
  }
}
