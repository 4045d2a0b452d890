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

/** {@code berth run} / {@code berth container run}: create, attach, wait, start, as the docker CLI does. */
@Command(description = "Create and run a new container from an image")
public final class RunCommand implements Callable<Integer>, StopsAtPositional {
  private final CliContext ctx;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ContainerOptions options;

  @Option(names = "--help", usageHelp = true, description = "Print usage") boolean help;

  @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID") boolean detach;

  @Option(names = "--detach-keys", paramLabel = "KEYS", description = "Override the key sequence for detaching a container (default ctrl-p,ctrl-q)") String detachKeys;

  @Option(names = "--sig-proxy", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Proxy received signals to the container when it has no TTY (default true)") boolean sigProxy = true;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to run") String image;

  @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The command and its arguments") List<String> command = new ArrayList<>();

  public RunCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    CreateBody.Create create;
    byte[] keys;
    try {
      create = CreateBody.build(options, image, command, detach, ctx.env(), TerminalSession.consoleSize(ctx, options.tty));
      keys = Policies.detachKeys(detachKeys == null ? "ctrl-p,ctrl-q" : detachKeys);
    } catch (BadFlagException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (create.tty() && create.attachStdin() && !ctx.terminals().stdin()) {
      ctx.err().println("the input device is not a TTY");
      return 1;
    }
    return new ContainerRun(ctx, "run", sigProxy).run(create, detach, keys, detachKeys, options.pull);
  }
}
