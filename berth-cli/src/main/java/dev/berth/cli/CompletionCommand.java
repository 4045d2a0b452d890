package dev.berth.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a shell completion script generated from the command tree itself, so it never goes stale. */
@Command(
    description = {
      "Generate the shell completion script.",
      "Load it in the current shell with: source <(berth completion bash)"
    })
public final class CompletionCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Parameters(paramLabel = "SHELL", description = "The shell: bash (zsh can load it too, through bashcompinit)")
  String shell;

  public CompletionCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new CliException("unsupported shell \"" + shell + "\": berth generates completion for bash (and zsh through bashcompinit)");
    }
    ctx.out().print(AutoComplete.bash("berth", spec.root().commandLine()));
    return 0;
  }
}
