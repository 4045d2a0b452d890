package dev.berth.cli.ambassador;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.format.Rows;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth ambassador ls}: one row per listener of each running ambassador: its port, its backends in order
 * (a backend the health check marked down is followed by {@code (down)}), and its counters. OPEN is {@code -} when
 * berthd cannot tell (an ambassador in nat mode whose kernel does not show its conntrack table).
 */
@Command(description = "List the running ambassadors: one row per listener, with its backends, connections and bytes"
    + " (in nat mode, IP bytes counted by the kernel)")
public final class AmbassadorLsCommand implements Callable<Integer> {
  static final Rows.Columns COLUMNS = new Rows.Columns(
      List.of("Name", "Port", "Backends", "Connections", "Open", "BytesIn", "BytesOut"),
      Map.of("BytesIn", "BYTES IN", "BytesOut", "BYTES OUT"));

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Format output: 'table' (default), 'table TEMPLATE', 'json', or a Go template such as '{{.Name}} {{.Port}} {{.Connections}}'")
  String format;

  public AmbassadorLsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    JsonNode answer = ctx.client().json(ApiRequest.get("/ambassadors").build());
    List<Map<String, String>> rows = new ArrayList<>();
    answer.forEach(a -> a.path("Listeners").forEach(l -> rows.add(row(a, l))));
    ctx.out().print(Rows.render(ctx.format(format), COLUMNS, rows));
    return 0;
  }

  static Map<String, String> row(JsonNode ambassador, JsonNode listener) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("Name", ambassador.path("Name").asText());
    row.put("ID", ambassador.path("Id").asText());
    row.put("Port", listener.path("Port").asInt() + "/" + listener.path("Protocol").asText());
    List<String> backends = new ArrayList<>();
    listener.path("Backends").forEach(b -> backends.add(b.path("Address").asText() + (b.path("Down").asBoolean() ? " (down)" : "")));
    row.put("Backends", String.join(",", backends));
    row.put("Connections", Long.toString(listener.path("Connections").asLong()));
    long open = listener.path("Open").asLong();
    row.put("Open", open < 0 ? "-" : Long.toString(open));
    row.put("BytesIn", Long.toString(listener.path("BytesIn").asLong()));
    row.put("BytesOut", Long.toString(listener.path("BytesOut").asLong()));
    return row;
  }
}
