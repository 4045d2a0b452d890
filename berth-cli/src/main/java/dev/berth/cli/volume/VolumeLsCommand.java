package dev.berth.cli.volume;

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

/** {@code berth volume ls}: DRIVER and VOLUME NAME, sorted by name, as {@code docker volume ls}. */
@Command(description = "List volumes")
public final class VolumeLsCommand implements Callable<Integer> {
  static final Rows.Columns COLUMNS = new Rows.Columns(List.of("Driver", "Name"), Map.of("Name", "VOLUME NAME"));

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-q", "--quiet"}, description = "Only display volume names")
  boolean quiet;

  @Option(names = {"-f", "--filter"}, paramLabel = "FILTER", description = "Provide filter values (dangling=true, driver=local, label=KEY[=VALUE], name=NAME)")
  List<String> filters;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Format output: 'table' (default), 'table TEMPLATE', 'json', or a Go template such as '{{.Name}} {{.Mountpoint}}'")
  String format;

  public VolumeLsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    JsonNode answer = ctx.client().json(ApiRequest.get("/volumes").query("filters", Filters.toJson(Filters.parse(filters))).build());
    List<JsonNode> volumes = new ArrayList<>();
    answer.path("Volumes").forEach(volumes::add);
    volumes.sort(Comparator.comparing(v -> v.path("Name").asText()));
    answer.path("Warnings").forEach(w -> ctx.err().println(w.asText()));
    if (quiet) {
      volumes.forEach(v -> ctx.out().println(v.path("Name").asText()));
      return 0;
    }
    ctx.out().print(Rows.render(ctx.format(format), COLUMNS, volumes.stream().map(VolumeLsCommand::row).toList()));
    return 0;
  }

  /** The fields docker's volume formatter offers. */
  static Map<String, String> row(JsonNode v) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("Name", v.path("Name").asText());
    row.put("Driver", v.path("Driver").asText());
    row.put("Scope", v.path("Scope").asText("local"));
    row.put("Mountpoint", v.path("Mountpoint").asText());
    row.put("CreatedAt", v.path("CreatedAt").asText());
    row.put("Labels", labels(v.path("Labels")));
    row.put("Links", "N/A");
    row.put("Size", "N/A");
    return row;
  }

  private static String labels(JsonNode labels) {
    Map<String, String> sorted = new TreeMap<>();
    labels.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
    List<String> parts = new ArrayList<>();
    sorted.forEach((k, val) -> parts.add(k + "=" + val));
    return String.join(",", parts);
  }
}
