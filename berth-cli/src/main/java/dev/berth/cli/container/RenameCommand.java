package dev.berth.cli.container;

import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth rename OLD NEW}. */
@Command(description = "Rename a container")
public final class RenameCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "CONTAINER", description = "Container name or ID") String container;

  @Parameters(index = "1", paramLabel = "NEW_NAME", description = "The new name") String newName;

  public RenameCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    if (newName.isBlank()) throw new dev.berth.cli.CliException("Error: Neither old nor new names may be empty");
    ctx.client().send(ApiRequest.post(Containers.path(container, "rename")).query("name", newName.strip()).build());
    return 0;
  }
}
