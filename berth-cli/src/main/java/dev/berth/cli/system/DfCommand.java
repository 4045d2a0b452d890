package dev.berth.cli.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.format.Rows;
import dev.berth.cli.format.Units;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth system df}: totals per kind of object, as {@code docker system df}. */
@Command(description = "Show disk usage: images, containers, local volumes and build cache, and how much is reclaimable")
public final class DfCommand implements Callable<Integer> {
  private static final Rows.Columns COLUMNS = new Rows.Columns(
      List.of("Type", "TotalCount", "Active", "Size", "Reclaimable"),
      Map.of("TotalCount", "TOTAL"));

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Format output: 'table' (default), 'table TEMPLATE', 'json', or a Go template such as '{{.Type}} {{.Size}}'")
  String format;

  public DfCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    JsonNode df = ctx.client().json(ApiRequest.get("/system/df").build());
    List<Map<String, String>> rows = List.of(
        images(df),
        simple("Containers", df.path("Containers"), "SizeRw"),
        volumes(df.path("Volumes")),
        simple("Build Cache", df.path("BuildCache"), "Size"));
    ctx.out().print(Rows.render(ctx.format(format), COLUMNS, rows));
    return 0;
  }

  /** Images: the layers' total, less what images in use by containers hold alone. */
  static Map<String, String> images(JsonNode df) {
    long total = df.path("LayersSize").asLong();
    long used = 0;
    int active = 0;
    for (JsonNode image : df.path("Images")) {
      if (image.path("Containers").asLong() > 0) {
        active++;
        long size = image.path("Size").asLong(-1);
        long shared = image.path("SharedSize").asLong(-1);
        if (size >= 0 && shared >= 0) used += size - shared;
      }
    }
    long reclaimable = total - used;
    String percent = total > 0 ? " (" + reclaimable * 100 / total + "%)" : "";
    return row("Images", df.path("Images").size(), active, total, Units.humanSize(reclaimable, 4) + percent);
  }

  /** Volumes: in use when a container refers to one; reclaimable is what the unused ones hold (sizes of -1 unknown). */
  static Map<String, String> volumes(JsonNode volumes) {
    long size = 0;
    long reclaimable = 0;
    int active = 0;
    for (JsonNode v : volumes) {
      long refs = v.path("UsageData").path("RefCount").asLong();
      long bytes = v.path("UsageData").path("Size").asLong(-1);
      if (refs > 0) active++;
      if (bytes < 0) continue;
      size += bytes;
      if (refs == 0) reclaimable += bytes;
    }
    String percent = size > 0 ? " (" + reclaimable * 100 / size + "%)" : "";
    return row("Local Volumes", volumes.size(), active, size, Units.humanSize(reclaimable, 4) + percent);
  }

  private static Map<String, String> simple(String type, JsonNode items, String sizeField) {
    long size = 0;
    if (sizeField != null) for (JsonNode item : items) size += Math.max(0, item.path(sizeField).asLong());
    return row(type, items.size(), 0, size, Units.humanSize(size, 4));
  }

  private static Map<String, String> row(String type, int total, int active, long size, String reclaimable) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("Type", type);
    row.put("TotalCount", Integer.toString(total));
    row.put("Active", Integer.toString(active));
    row.put("Size", Units.humanSize(size, 4));
    row.put("Reclaimable", reclaimable);
    return row;
  }
}
