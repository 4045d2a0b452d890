package dev.berth.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.Ids;
import dev.berth.cli.format.Rows;
import dev.berth.cli.format.Units;
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
import picocli.CommandLine.Parameters;

/**
 * {@code berth stats --no-stream}: one sample per container, CPU % from the daemon's two readings
 * ({@code cpu_stats} and {@code precpu_stats}) as the docker CLI computes it, memory without the page
 * cache. Streaming (redrawing) is not offered: each call prints one table.
 */
@Command(description = "Display a sample of containers' resource usage (CPU, memory, PIDs)")
public final class StatsCommand implements Callable<Integer> {
  private static final Rows.Columns COLUMNS = new Rows.Columns(
      List.of("ID", "Name", "CPUPerc", "MemUsage", "MemPerc", "PIDs"),
      Map.of("ID", "CONTAINER ID", "CPUPerc", "CPU %", "MemUsage", "MEM USAGE / LIMIT", "MemPerc", "MEM %", "PIDs", "PIDS"));

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)") boolean all;
  @Option(names = "--no-stream", description = "Disable streaming stats and only pull the first result (always the case here)") boolean noStream;
  @Option(names = "--no-trunc", description = "Do not truncate output") boolean noTrunc;
  @Option(names = "--format", paramLabel = "FORMAT", description = "Format output: 'table', 'json' or a Go template") String format;

  @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Container names or IDs (default: all running)") List<String> containers = new ArrayList<>();

  public StatsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    List<String> targets = containers.isEmpty() ? running() : containers;
    List<Map<String, String>> rows = new ArrayList<>();
    for (String c : targets) {
      JsonNode stats = ctx.client().json(ApiRequest.get(Containers.path(c, "stats")).query("stream", "0").build());
      rows.add(row(c, stats, noTrunc));
    }
    ctx.out().print(Rows.render(ctx.format(format), COLUMNS, rows));
    return 0;
  }

  private List<String> running() throws IOException {
    List<String> ids = new ArrayList<>();
    for (JsonNode c : ctx.client().json(ApiRequest.get("/containers/json").flag("all", all).build())) ids.add(c.path("Id").asText());
    return ids;
  }

  static Map<String, String> row(String asked, JsonNode s, boolean noTrunc) {
    Map<String, String> row = new LinkedHashMap<>();
    String id = s.path("id").asText(asked);
    String name = s.path("name").asText(asked);
    row.put("ID", Ids.show(id, noTrunc));
    row.put("Container", asked);
    row.put("Name", name.startsWith("/") ? name.substring(1) : name);
    row.put("CPUPerc", String.format(java.util.Locale.ROOT, "%.2f%%", cpuPercent(s)));
    long limit = s.path("memory_stats").path("limit").asLong();
    long used = memoryUsed(s.path("memory_stats"));
    row.put("MemUsage", Units.binarySize(used) + " / " + Units.binarySize(limit));
    row.put("MemPerc", String.format(java.util.Locale.ROOT, "%.2f%%", limit == 0 ? 0.0 : used * 100.0 / limit));
    row.put("PIDs", Long.toString(s.path("pids_stats").path("current").asLong()));
    return row;
  }

  static double cpuPercent(JsonNode s) {
    JsonNode cpu = s.path("cpu_stats");
    JsonNode pre = s.path("precpu_stats");
    double cpuDelta = cpu.path("cpu_usage").path("total_usage").asDouble() - pre.path("cpu_usage").path("total_usage").asDouble();
    double systemDelta = cpu.path("system_cpu_usage").asDouble() - pre.path("system_cpu_usage").asDouble();
    long cpus = cpu.path("online_cpus").asLong(cpu.path("cpu_usage").path("percpu_usage").size());
    if (cpuDelta <= 0 || systemDelta <= 0) return 0;
    return cpuDelta / systemDelta * Math.max(cpus, 1) * 100.0;
  }

  /** Usage without the inactive page cache (cgroup v2 {@code inactive_file}, v1 {@code total_inactive_file}). */
  static long memoryUsed(JsonNode mem) {
    long usage = mem.path("usage").asLong();
    JsonNode st = mem.path("stats");
    long inactive = st.has("inactive_file") ? st.path("inactive_file").asLong() : st.path("total_inactive_file").asLong();
    return inactive < usage ? usage - inactive : usage;
  }
}
