package dev.berth.cli.network;

import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.image.InspectCommand;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network inspect}: the daemon's JSON as a pretty array; a missing network is reported, the rest shown. */
@Command(description = "Display detailed information on one or more networks, as JSON")
public final class NetworkInspectCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(arity = "1..*", paramLabel = "NETWORK", description = "Network name or ID")
  List<String> names;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Format output: 'json' (default) or a Go template such as '{{.Driver}}'")
  String format;

  public NetworkInspectCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    return InspectCommand.inspectEach(ctx, names, format, "/networks");
  }
}
