package dev.berth.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.Filters;
import dev.berth.cli.HelpOption;
import dev.berth.cli.Ids;
import dev.berth.cli.format.Rows;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth images} / {@code berth image ls}. */
@Command(description = "List images: one row per repository and tag, with image ID, age and size")
public final class ImagesCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]", description = "Only images with this reference (wildcards * allowed)")
  String reference;

  @Option(names = {"-a", "--all"}, description = "Show all images (default hides intermediate images)")
  boolean all;

  @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
  boolean quiet;

  @Option(names = "--digests", description = "Show digests")
  boolean digests;

  @Option(names = "--no-trunc", description = "Don't truncate output")
  boolean noTrunc;

  @Option(names = {"-f", "--filter"}, paramLabel = "FILTER", description = "Filter output based on conditions provided (dangling=true, reference=busybox*, before=IMAGE, since=IMAGE, label=KEY[=VALUE])")
  List<String> filters;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Format output: 'table' (default), 'table TEMPLATE', 'json', or a Go template such as '{{.Repository}}:{{.Tag}}'")
  String format;

  public ImagesCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    Map<String, List<String>> f = Filters.parse(filters);
    if (reference != null) f.computeIfAbsent("reference", k -> new java.util.ArrayList<>()).add(reference);
    JsonNode images = ctx.client().json(ApiRequest.get("/images/json")
        .flag("all", all).flag("digests", digests).query("filters", Filters.toJson(f)).build());
    if (quiet) {
      Set<String> ids = new LinkedHashSet<>();
      for (JsonNode image : images) ids.add(Ids.show(image.path("Id").asText(), noTrunc));
      ids.forEach(ctx.out()::println);
      return 0;
    }
    ImageRows rows = new ImageRows(ctx.clock().instant(), ctx.zone(), digests, noTrunc);
    ctx.out().print(Rows.render(ctx.format(format), ImageRows.columns(digests), rows.rows(images)));
    return 0;
  }
}
