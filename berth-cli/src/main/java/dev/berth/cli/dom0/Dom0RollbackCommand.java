package dev.berth.cli.dom0;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code berth dom0 rollback}: re-applies the dom0 image applied before the current one (tags it as the dom0 image
 * again and converges to it) and prints that rollback's steps. Exit status 1 when a step failed.
 */
@Command(description = "Re-apply the dom0 image applied before the current one: tag it as the dom0 image again and converge to it",
    footerHeading = "%nExamples:%n",
    footer = {"  berth dom0 rollback"})
public final class Dom0RollbackCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  public Dom0RollbackCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    JsonNode boot = ctx.client().json(ApiRequest.post("/dom0/rollback").build());
    BootReport.print(ctx.out(), boot);
    return boot.path("Failed").asBoolean() ? 1 : 0;
  }
}
