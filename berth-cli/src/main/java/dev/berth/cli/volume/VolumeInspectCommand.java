package dev.berth.cli.volume;

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

/** {@code berth volume inspect}: the daemon's JSON as a pretty array; a missing volume is reported, the rest shown. */
@Command(description = "Display detailed information on one or more volumes, as JSON")
public final class VolumeInspectCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(arity = "1..*", paramLabel = "VOLUME", description = "Volume name")
  List<String> names;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Format output: 'json' (default) or a Go template such as '{{.Mountpoint}}'")
  String format;

  public VolumeInspectCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    return InspectCommand.inspectEach(ctx, names, format, "/volumes");
  }
}
