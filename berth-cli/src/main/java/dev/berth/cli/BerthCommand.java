package dev.berth.cli;

import dev.berth.client.Versions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The top of the tree: global flags, and the command list when run bare. */
@Command(
    name = "berth",
    description = "A container engine that speaks the Docker Engine API. berth is its command-line client: each command calls the berthd daemon.",
    synopsisSubcommandLabel = "COMMAND",
    footer = {"", "Run 'berth COMMAND --help' for more information on a command."},
    usageHelpAutoWidth = true)
public final class BerthCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print usage")
  boolean help;

  @Option(names = {"-v", "--version"}, description = "Print version information and quit")
  boolean version;

  public BerthCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Option(
      names = {"-H", "--host"},
      paramLabel = "HOST",
      description = "Daemon to connect to: unix:///path/to/socket, tcp://host:port or ssh://user@host[:port] (default: $BERTH_HOST, then $DOCKER_HOST, then unix:///run/berth/berth.sock)")
  void host(String host) {
    ctx.hostFlag(host);
  }

  @Option(
      names = {"-i", "--identity"},
      paramLabel = "FILE",
      description = "Private key for an ssh:// host, passed to ssh as its -i (default: ssh's own choice from ~/.ssh/config, the agent and ~/.ssh/id_*)")
  void identity(java.nio.file.Path file) {
    ctx.identity(file);
  }

  @Option(names = "--format", paramLabel = "FORMAT", description = "Default output format for every command: 'table', 'json' or a Go template")
  void format(String format) {
    ctx.globalFormat(format);
  }

  @Option(names = {"-D", "--debug"}, description = "Print stack traces of client-side errors")
  void debug(boolean on) {
    ctx.debug(on);
  }

  @Override
  public Integer call() {
    if (version) {
      ctx.out().println("Berth version " + Versions.CLIENT_VERSION);
      return 0;
    }
    spec.commandLine().usage(ctx.out());
    return 0;
  }
}
