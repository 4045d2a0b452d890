package dev.berth.cli.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.format.NodeTemplate;
import dev.berth.cli.image.InspectCommand;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network inspect}: the daemon's JSON as a pretty array; a missing network is reported, the rest shown. */
@Command(description = "Display detailed information on one or more networks, as JSON")
public final class NetworkInspectCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(arity = "1..*", paramLabel = "NETWORK", description = "Network name or ID")
  List<String> names;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Format output: 'json' (default) or a Go template such as '{{.Driver}}'")
  String format;

  public NetworkInspectCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    ArrayNode found = DaemonClient.mapper().createArrayNode();
    List<String> errors = new ArrayList<>();
    String template = ctx.formatText(format);
    for (String name : names) {
      try {
        JsonNode network = ctx.client().json(ApiRequest.get("/networks/" + ApiRequest.encode(name)).build());
        found.add(network);
        if (template != null && !template.equals("json")) ctx.out().println(NodeTemplate.apply(template, network));
      } catch (DaemonException e) {
        if (e.status() != 404) throw e;
        errors.add("Error response from daemon: " + e.getMessage());
      }
    }
    if (template == null || template.equals("json")) ctx.out().println(InspectCommand.pretty(found));
    ctx.out().flush();
    errors.forEach(ctx.err()::println);
    return errors.isEmpty() ? 0 : 1;
  }
}
