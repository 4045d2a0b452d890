package dev.berth.cli.volume;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.Filters;
import dev.berth.cli.HelpOption;
import dev.berth.cli.Prompt;
import dev.berth.cli.PruneOutput;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth volume prune}: removes unused anonymous volumes (every unused one with -a), after asking unless -f. */
@Command(description = "Remove unused volumes: anonymous ones by default, every volume no container uses with -a")
public final class VolumePruneCommand implements Callable<Integer> {
  static final String ANONYMOUS_WARNING = "WARNING! This will remove anonymous local volumes not used by at least one container.";
  static final String ALL_WARNING = "WARNING! This will remove all local volumes not used by at least one container.";

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-a", "--all"}, description = "Remove all unused volumes, not just anonymous ones")
  boolean all;

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
  boolean force;

  @Option(names = "--filter", paramLabel = "FILTER", description = "Provide filter values (e.g. label=KEY=VALUE, label!=KEY)")
  List<String> filters;

  public VolumePruneCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    Map<String, List<String>> f = Filters.parse(filters);
    if (!force && !Prompt.confirm(ctx, all ? ALL_WARNING : ANONYMOUS_WARNING)) return 0;
    long reclaimed = prune(ctx, all, f);
    PruneOutput.reclaimed(ctx, reclaimed);
    return 0;
  }

  /**
   * Calls {@code POST /volumes/prune}, prints "Deleted Volumes:", the names and a blank line when any went, and
   * returns the bytes reclaimed. For {@code system prune --volumes} too.
   */
  public static long prune(CliContext ctx, boolean all, Map<String, List<String>> filters) throws IOException {
    if (all) filters.put("all", List.of("true"));
    JsonNode report = ctx.client().json(ApiRequest.post("/volumes/prune").query("filters", Filters.toJson(filters)).build());
    PruneOutput.deleted(ctx, report, "VolumesDeleted", "Deleted Volumes:", true);
    return report.path("SpaceReclaimed").asLong();
  }
}
