package dev.berth.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.EachRef;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth rmi} / {@code berth image rm}: goes on past a failure, as docker does, and exits 1 at the end. */
@Command(description = "Remove one or more images (untag a name; delete the image when its last name goes)")
public final class RmiCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image name or ID")
  List<String> names;

  @Option(names = {"-f", "--force"}, description = "Force removal of the image (an ID with several tags)")
  boolean force;

  @Option(names = "--no-prune", description = "Do not delete untagged parents")
  boolean noPrune;

  public RmiCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    return EachRef.run(ctx, names, name -> {
      JsonNode items = ctx.client().json(ApiRequest.delete("/images/" + ApiRequest.encode(name))
          .flag("force", force).flag("noprune", noPrune).build());
      printDeleted(ctx, items, "Untagged: ", "Deleted: ");
    });
  }

  /** Prints {@code [{"Untagged": …}, {"Deleted": …}]} items with the given prefixes. */
  static void printDeleted(CliContext ctx, JsonNode items, String untagged, String deleted) {
    for (JsonNode item : items) {
      if (item.hasNonNull("Untagged")) ctx.out().println(untagged + item.get("Untagged").asText());
      if (item.hasNonNull("Deleted")) ctx.out().println(deleted + item.get("Deleted").asText());
    }
  }
}
