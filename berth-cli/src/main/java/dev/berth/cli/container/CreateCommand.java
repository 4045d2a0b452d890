package dev.berth.cli.container;

import dev.berth.cli.CliContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth create} / {@code berth container create}: the create call alone; prints the new ID. */
@Command(description = "Create a new container from an image, without starting it")
public final class CreateCommand implements Callable<Integer>, StopsAtPositional {
  private final CliContext ctx;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ContainerOptions options;

  @Option(names = "--help", usageHelp = true, description = "Print usage") boolean help;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to create the container from") String image;

  @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The command and its arguments") List<String> command = new ArrayList<>();

  public CreateCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    CreateBody.Create create;
    try {
      create = CreateBody.build(options, image, command, false, ctx.env(), TerminalSession.consoleSize(ctx, options.tty));
    } catch (BadFlagException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    String id = new ContainerRun(ctx, "create", false).create(create, options.pull);
    if (id == null) return 125;
    ctx.out().println(id);
    return 0;
  }
}
