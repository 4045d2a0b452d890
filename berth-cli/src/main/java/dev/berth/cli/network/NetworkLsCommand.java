package dev.berth.cli.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.Filters;
import dev.berth.cli.HelpOption;
import dev.berth.cli.format.Rows;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth network ls}: NETWORK ID, NAME, DRIVER and SCOPE, sorted by name, as {@code docker network ls}. */
@Command(description = "List networks")
public final class NetworkLsCommand implements Callable<Integer> {
  static final Rows.Columns COLUMNS = new Rows.Columns(List.of("ID", "Name", "Driver", "Scope"), Map.of("ID", "NETWORK ID"));

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-q", "--quiet"}, description = "Only display network IDs")
  boolean quiet;

  @Option(names = "--no-trunc", description = "Do not truncate the output")
  boolean noTrunc;

  @Option(names = {"-f", "--filter"}, paramLabel = "FILTER", description = "Provide filter values (e.g. 'driver=bridge', 'name=NAME', 'id=ID', 'label=KEY[=VALUE]', 'type=custom|builtin', 'dangling=true')")
  List<String> filters;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Format output: 'table' (default), 'table TEMPLATE', 'json', or a Go template such as '{{.Name}} {{.Driver}}'")
  String format;

  public NetworkLsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    JsonNode answer = ctx.client().json(ApiRequest.get("/networks").query("filters", Filters.toJson(Filters.parse(filters))).build());
    List<JsonNode> networks = new ArrayList<>();
    answer.forEach(networks::add);
    networks.sort(Comparator.comparing(n -> n.path("Name").asText()));
    if (quiet) {
      networks.forEach(n -> ctx.out().println(id(n, noTrunc)));
      return 0;
    }
    ctx.out().print(Rows.render(ctx.format(format), COLUMNS, networks.stream().map(n -> row(n, noTrunc)).toList()));
    return 0;
  }

  private static String id(JsonNode n, boolean noTrunc) {
    String id = n.path("Id").asText();
    return noTrunc || id.length() <= 12 ? id : id.substring(0, 12);
  }

  /** The fields docker's network formatter offers. */
  static Map<String, String> row(JsonNode n, boolean noTrunc) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("ID", id(n, noTrunc));
    row.put("Name", n.path("Name").asText());
    row.put("Driver", n.path("Driver").asText());
    row.put("Scope", n.path("Scope").asText("local"));
    row.put("IPv6", Boolean.toString(n.path("EnableIPv6").asBoolean()));
    row.put("Internal", Boolean.toString(n.path("Internal").asBoolean()));
    row.put("CreatedAt", n.path("Created").asText());
    Map<String, String> labels = new TreeMap<>();
    n.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    List<String> parts = new ArrayList<>();
    labels.forEach((k, v) -> parts.add(k + "=" + v));
    row.put("Labels", String.join(",", parts));
    return row;
  }
}
