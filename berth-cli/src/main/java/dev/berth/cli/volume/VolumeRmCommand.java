package dev.berth.cli.volume;

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

/** {@code berth volume rm}: removes each volume in turn, goes on past a failure and exits 1 at the end. */
@Command(description = "Remove one or more volumes; a volume in use by a container cannot be removed")
public final class VolumeRmCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(arity = "1..*", paramLabel = "VOLUME", description = "Volume name")
  List<String> names;

  @Option(names = {"-f", "--force"}, description = "Do not complain about volumes that do not exist (a volume in use is still kept)")
  boolean force;

  public VolumeRmCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    return EachRef.run(ctx, names, name -> {
      ctx.client().send(ApiRequest.delete("/volumes/" + ApiRequest.encode(name)).flag("force", force).build());
      ctx.out().println(name);
    });
  }
}
