package dev.berth.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.Ids;
import dev.berth.cli.format.Ages;
import dev.berth.cli.format.Rows;
import dev.berth.cli.format.Units;
import dev.berth.client.ApiRequest;
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
import picocli.CommandLine.Parameters;

/** {@code berth history IMAGE}: one row per layer step, newest first. */
@Command(description = "Show the history of an image: the step that made each layer, newest first")
public final class HistoryCommand implements Callable<Integer> {
  static final int CREATED_BY_WIDTH = 45;
  private static final Rows.Columns COLUMNS = new Rows.Columns(
      List.of("ID", "CreatedSince", "CreatedBy", "Size", "Comment"),
      Map.of("ID", "IMAGE", "CreatedSince", "CREATED", "CreatedAt", "CREATED AT", "CreatedBy", "CREATED BY"));
  /** With {@code -H=false} the second column holds dates, and docker heads it so. */
  private static final Rows.Columns RAW_COLUMNS = new Rows.Columns(
      COLUMNS.defaults(), Map.of("ID", "IMAGE", "CreatedSince", "CREATED AT", "CreatedAt", "CREATED AT", "CreatedBy", "CREATED BY"));

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(paramLabel = "IMAGE", description = "Image name or ID")
  String name;

  @Option(names = {"-H", "--human"}, arity = "0..1", paramLabel = "true|false", defaultValue = "true", fallbackValue = "true",
      description = "Print sizes and dates in human readable format (default true; -H=false for bytes and RFC 3339 dates)")
  boolean human;

  @Option(names = "--no-trunc", description = "Don't truncate output")
  boolean noTrunc;

  @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
  boolean quiet;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Format output: 'table' (default), 'table TEMPLATE', 'json', or a Go template such as '{{.ID}} {{.CreatedBy}}'")
  String format;

  public HistoryCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    JsonNode items = ctx.client().json(ApiRequest.get("/images/" + ApiRequest.encode(name) + "/history").build());
    List<Map<String, String>> rows = new ArrayList<>();
    for (JsonNode item : items) rows.add(row(item));
    if (quiet) {
      rows.forEach(r -> ctx.out().println(r.get("ID")));
      return 0;
    }
    ctx.out().print(Rows.render(ctx.format(format), human ? COLUMNS : RAW_COLUMNS, rows));
    return 0;
  }

  private Map<String, String> row(JsonNode item) {
    String id = item.path("Id").asText("<missing>");
    Instant created = Instant.ofEpochSecond(item.path("Created").asLong());
    long size = item.path("Size").asLong();
    String createdBy = item.path("CreatedBy").asText("").replace('\t', ' ');
    Map<String, String> row = new LinkedHashMap<>();
    row.put("ID", id.isEmpty() || id.equals("<missing>") ? "<missing>" : Ids.show(id, noTrunc));
    row.put("CreatedSince", human ? Ages.ago(created, ctx.clock().instant()) : Ages.rfc3339(created, ctx.zone()));
    row.put("CreatedAt", Ages.rfc3339(created, ctx.zone()));
    row.put("CreatedBy", noTrunc ? createdBy : ellipsis(createdBy, CREATED_BY_WIDTH));
    row.put("Size", human ? Units.humanSize(size) : Long.toString(size));
    row.put("Comment", item.path("Comment").asText(""));
    return row;
  }

  /** Cuts text to {@code max} characters, the last one an ellipsis, as docker's table does. */
  static String ellipsis(String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) return text;
    return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
  }
}
