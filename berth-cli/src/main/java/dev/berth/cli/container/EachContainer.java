package dev.berth.cli.container;

import dev.berth.cli.CliContext;
import dev.berth.cli.EachRef;
import dev.berth.cli.HelpOption;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * A command that does one API call per named container ({@code stop}, {@code kill}, {@code rm}, …): as in
 * the docker CLI it goes on past a failure, prints what it did for each container (its name as given, by
 * default), and exits 1 at the end if any failed.
 */
abstract class EachContainer implements Callable<Integer> {
  protected final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Container name or ID") List<String> containers;

  EachContainer(CliContext ctx) {
    this.ctx = ctx;
  }

  /** Does the command's call for one container and returns the line to print, or null for none. */
  abstract String act(String container) throws IOException;

  @Override
  public Integer call() throws IOException {
    return EachRef.run(ctx, containers, container -> {
      String line = act(container);
      if (line != null) ctx.out().println(line);
    });
  }
}
