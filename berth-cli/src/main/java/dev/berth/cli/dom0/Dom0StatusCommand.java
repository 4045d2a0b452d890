package dev.berth.cli.dom0;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth dom0 status}: the latest boot (or every kept boot with {@code --all}) step by step, then the dom0
 * images applied, newest first. {@code --format json} prints {@code GET /dom0}'s answer as it is.
 */
@Command(description = "Show what berthd did at boot: the host name, the hooks, and the dom0 image's stack and container, step by step",
    footerHeading = "%nExamples:%n",
    footer = {"  berth dom0 status", "  berth dom0 status --all", "  berth dom0 status --format json"})
public final class Dom0StatusCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-a", "--all"}, description = "Show every boot kept (the newest 20), not just the latest")
  boolean all;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Format output: 'json' prints the daemon's answer as it is")
  String format;

  public Dom0StatusCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    JsonNode status = ctx.client().json(ApiRequest.get("/dom0").build());
    if ("json".equals(ctx.formatText(format))) {
      ctx.out().println(status.toPrettyString());
      return 0;
    }
    PrintWriter out = ctx.out();
    out.println("dom0 image: " + status.path("Image").asText());
    JsonNode boots = status.path("Boots");
    if (boots.isEmpty()) out.println("No boot recorded yet.");
    for (int i = 0; i < boots.size() && (all || i == 0); i++) {
      out.println();
      BootReport.print(out, boots.get(i));
    }
    out.println();
    JsonNode applied = status.path("Applied");
    out.println(applied.isEmpty() ? "No dom0 image applied yet." : "Applied dom0 images (newest first):");
    for (JsonNode a : applied) {
      out.println("  " + BootReport.text(a, "ImageID") + "  " + BootReport.text(a, "Image") + "  " + BootReport.text(a, "Applied")
          + "  " + (a.path("Ok").asBoolean() ? "ok" : "failed"));
    }
    return 0;
  }
}
