package dev.berth.cli.network;

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

/** {@code berth network rm}: removes each network in turn, prints its name, goes on past a failure and exits 1 at the end. */
@Command(description = "Remove one or more networks; a network a container is connected to, and the predefined ones, cannot be removed")
public final class NetworkRmCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(arity = "1..*", paramLabel = "NETWORK", description = "Network name or ID")
  List<String> refs;

  @Option(names = {"-f", "--force"}, description = "Do not error if the network does not exist")
  boolean force;

  public NetworkRmCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    return EachRef.run(ctx, refs, ref -> {
      ctx.client().send(ApiRequest.delete("/networks/" + ApiRequest.encode(ref)).build());
      ctx.out().println(ref);
    }, e -> force && e.status() == 404);
  }
}
