package dev.berth.cli;

import dev.berth.cli.bootstrap.BootstrapCommand;
import dev.berth.cli.image.HistoryCommand;
import dev.berth.cli.image.ImagePruneCommand;
import dev.berth.cli.image.ImagesCommand;
import dev.berth.cli.image.ImportCommand;
import dev.berth.cli.image.InspectCommand;
import dev.berth.cli.image.LoadCommand;
import dev.berth.cli.image.RmiCommand;
import dev.berth.cli.image.SaveCommand;
import dev.berth.cli.image.TagCommand;
import dev.berth.cli.system.DfCommand;
import dev.berth.cli.system.EventsCommand;
import dev.berth.cli.system.InfoCommand;
import dev.berth.cli.system.SystemPruneCommand;
import dev.berth.cli.system.VersionCommand;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Builds the command tree and runs it. Commands are registered by hand, not by annotation, because docker
 * offers several under two names ({@code images} and {@code image ls}): each name gets its own instance.
 */
public final class Berth {
  private Berth() {}

  /** Parses and runs {@code args}; returns the exit status (0 ok, 1 failure, 125 bad usage). */
  public static int run(CliContext ctx, String... args) {
    CommandLine cli = commandLine(ctx);
    try {
      return cli.execute(args);
    } finally {
      ctx.out().flush();
      ctx.err().flush();
    }
  }

  /** The full tree, wired to the context's streams and error handling. */
  public static CommandLine commandLine(CliContext ctx) {
    CommandLine root = new CommandLine(new BerthCommand(ctx));
    addImageShortcuts(root, ctx);
    root.addSubcommand("image", imageGroup(ctx));
    root.addSubcommand("system", systemGroup(ctx));
    root.addSubcommand("completion", new CommandLine(new CompletionCommand(ctx)));
    root.setOut(ctx.out()).setErr(ctx.err());
    root.setExecutionExceptionHandler(new ErrorReporter(ctx));
    root.setParameterExceptionHandler(ErrorReporter::usageError);
    root.setCaseInsensitiveEnumValuesAllowed(true);
    root.setUsageHelpWidth(100);
    root.setUsageHelpAutoWidth(true);
    return root;
  }

  private static void addImageShortcuts(CommandLine root, CliContext ctx) {
    add(root, "version", ctx, VersionCommand::new);
    add(root, "info", ctx, InfoCommand::new);
    add(root, "images", ctx, ImagesCommand::new);
    add(root, "inspect", ctx, InspectCommand::new);
    add(root, "tag", ctx, TagCommand::new);
    add(root, "rmi", ctx, RmiCommand::new);
    add(root, "history", ctx, HistoryCommand::new);
    add(root, "save", ctx, SaveCommand::new);
    add(root, "load", ctx, LoadCommand::new);
    add(root, "import", ctx, ImportCommand::new);
    add(root, "events", ctx, EventsCommand::new);
  }

  private static CommandLine imageGroup(CliContext ctx) {
    CommandLine image = group(ctx, "image", "Manage images: list, inspect, tag, remove, save, load, import, prune and bootstrap them");
    add(image, "ls", ctx, ImagesCommand::new, "list");
    add(image, "inspect", ctx, InspectCommand::new);
    add(image, "tag", ctx, TagCommand::new);
    add(image, "rm", ctx, RmiCommand::new, "remove");
    add(image, "history", ctx, HistoryCommand::new);
    add(image, "save", ctx, SaveCommand::new);
    add(image, "load", ctx, LoadCommand::new);
    add(image, "import", ctx, ImportCommand::new);
    add(image, "prune", ctx, ImagePruneCommand::new);
    add(image, "bootstrap", ctx, BootstrapCommand::new);
    return image;
  }

  private static CommandLine systemGroup(CliContext ctx) {
    CommandLine system = group(ctx, "system", "Manage Berth: disk usage, daemon information, events and pruning");
    add(system, "df", ctx, DfCommand::new);
    add(system, "info", ctx, InfoCommand::new);
    add(system, "events", ctx, EventsCommand::new);
    add(system, "prune", ctx, SystemPruneCommand::new);
    return system;
  }

  private static CommandLine group(CliContext ctx, String name, String description) {
    CommandLine group = new CommandLine(new GroupCommand(ctx));
    group.getCommandSpec().name(name).usageMessage().description(description);
    return group;
  }

  private static void add(CommandLine parent, String name, CliContext ctx, Function<CliContext, Object> command, String... aliases) {
    parent.addSubcommand(name, new CommandLine(command.apply(ctx)), aliases);
  }
}
