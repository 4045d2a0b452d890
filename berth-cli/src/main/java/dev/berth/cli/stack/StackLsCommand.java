package dev.berth.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.format.Ages;
import dev.berth.cli.format.Rows;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth stack ls}: the projects that have containers on this host. */
@Command(description = "List the stacks on this host: their services, how many containers run, when they last changed")
public final class StackLsCommand implements Callable<Integer> {
  static final Rows.Columns COLUMNS = new Rows.Columns(List.of("Name", "Services", "Running", "Updated"), Map.of());

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Format output: 'table' (default), 'table TEMPLATE', 'json', or a Go template such as '{{.Name}} {{.Running}}'")
  String format;

  public StackLsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    for (JsonNode s : new StackApi(ctx.client()).list()) rows.add(row(s, ctx.clock().instant()));
    ctx.out().print(Rows.render(ctx.format(format), COLUMNS, rows));
    return 0;
  }

  static Map<String, String> row(JsonNode s, Instant now) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("Name", s.path("project").asText());
    List<String> services = new ArrayList<>();
    s.path("services").forEach(n -> services.add(n.asText()));
    row.put("Services", String.join(",", services));
    row.put("Running", s.path("running").asInt() + "/" + s.path("total").asInt());
    row.put("Updated", s.hasNonNull("updated") ? Ages.ago(Instant.parse(s.path("updated").asText()), now) : "");
    return row;
  }
}
