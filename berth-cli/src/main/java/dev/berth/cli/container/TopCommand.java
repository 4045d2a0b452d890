package dev.berth.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.format.Table;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth top}: the daemon's ps table for a container, aligned. */
@Command(description = "Display the running processes of a container")
public final class TopCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "CONTAINER", description = "Container name or ID") String container;

  @Parameters(index = "1..*", paramLabel = "PS_OPTIONS", description = "Options for ps (e.g. -ef)") List<String> psArgs = new ArrayList<>();

  public TopCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    JsonNode top = ctx.client().json(ApiRequest.get(Containers.path(container, "top"))
        .query("ps_args", psArgs.isEmpty() ? null : String.join(" ", psArgs)).build());
    List<String> lines = new ArrayList<>();
    lines.add(join(top.path("Titles")));
    for (JsonNode process : top.path("Processes")) lines.add(join(process));
    ctx.out().print(Table.align(lines));
    return 0;
  }

  private static String join(JsonNode cells) {
    List<String> out = new ArrayList<>();
    cells.forEach(c -> out.add(c.asText()));
    return String.join("\t", out);
  }
}
