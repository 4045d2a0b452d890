package dev.berth.cli.image;

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

/** {@code berth image prune}: removes dangling images (unused ones with -a), after asking unless -f. */
@Command(description = "Remove unused images: dangling ones by default, every image no container uses with -a")
public final class ImagePruneCommand implements Callable<Integer> {
  static final String DANGLING_WARNING = "WARNING! This will remove all dangling images.";
  static final String ALL_WARNING = "WARNING! This will remove all images without at least one container associated to them.";

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-a", "--all"}, description = "Remove all unused images, not just dangling ones")
  boolean all;

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
  boolean force;

  @Option(names = "--filter", paramLabel = "FILTER", description = "Provide filter values (e.g. until=24h, label=KEY=VALUE)")
  List<String> filters;

  public ImagePruneCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    if (!force && !Prompt.confirm(ctx, all ? ALL_WARNING : DANGLING_WARNING)) return 0;
    long reclaimed = prune(ctx, all, Filters.parse(filters));
    PruneOutput.reclaimed(ctx, reclaimed);
    return 0;
  }

  /**
   * Calls {@code POST /images/prune}, prints what went ("Deleted Images:" then untagged/deleted lines and a
   * blank line) and returns the bytes reclaimed. Shared with {@code system prune}.
   */
  public static long prune(CliContext ctx, boolean all, Map<String, List<String>> filters) throws IOException {
    if (all) filters.put("dangling", List.of("false"));
    JsonNode report = ctx.client().json(ApiRequest.post("/images/prune").query("filters", Filters.toJson(filters)).build());
    JsonNode deleted = report.path("ImagesDeleted");
    if (deleted.isArray() && !deleted.isEmpty()) {
      ctx.out().println("Deleted Images:");
      RmiCommand.printDeleted(ctx, deleted, "untagged: ", "deleted: ");
      ctx.out().println();
    }
    return report.path("SpaceReclaimed").asLong();
  }
}
