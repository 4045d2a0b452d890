package dev.berth.cli;

import dev.berth.cli.bootstrap.BootstrapCommand;
import dev.berth.cli.build.BuildCommand;
import dev.berth.cli.build.BuilderPruneCommand;
import dev.berth.cli.container.AttachCommand;
import dev.berth.cli.container.CommitCommand;
import dev.berth.cli.container.ContainerInspectCommand;
import dev.berth.cli.container.ContainerPruneCommand;
import dev.berth.cli.container.CpCommand;
import dev.berth.cli.container.CreateCommand;
import dev.berth.cli.container.ExecCommand;
import dev.berth.cli.container.LifecycleCommands;
import dev.berth.cli.container.LogsCommand;
import dev.berth.cli.container.PsCommand;
import dev.berth.cli.container.RenameCommand;
import dev.berth.cli.container.RunCommand;
import dev.berth.cli.container.StartCommand;
import dev.berth.cli.container.StatsCommand;
import dev.berth.cli.container.TopCommand;
import dev.berth.cli.container.UpdateCommand;
import dev.berth.cli.container.StopsAtPositional;
import dev.berth.cli.dockerfile.DockerfileParseCommand;
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
import dev.berth.cli.volume.VolumeCreateCommand;
import dev.berth.cli.volume.VolumeInspectCommand;
import dev.berth.cli.volume.VolumeLsCommand;
import dev.berth.cli.volume.VolumePruneCommand;
import dev.berth.cli.volume.VolumeRmCommand;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Builds the command tree and runs it. Commands are registered by hand, not by annotation, because docker
 * offers several under two names ({@code images} and {@code image ls}): each name gets its own instance.
 *
 * <p>Start-up time: picocli builds a command's model by reflection over its fields and annotations, and its
 * own classes are too old a class-file version for the JVM's AOT cache, so building all 27 commands costs a
 * few hundred milliseconds on every run. {@link #run} therefore builds in full only the commands whose name
 * appears among the arguments; every other command is a stub carrying just its name, aliases and
 * description, which is all the help listing and picocli's "did you mean" need. picocli selects a
 * subcommand only by an exact token, so a stub can never be the command that runs.
 */
public final class Berth {
  /** One command: its name, its aliases, its class (for the stub's description) and its constructor. */
  private record Entry(String name, List<String> aliases, Class<?> type, Function<CliContext, Object> factory) {
    Entry(String name, Class<?> type, Function<CliContext, Object> factory, String... aliases) {
      this(name, List.of(aliases), type, factory);
    }

    boolean namedIn(Set<String> args) {
      return args.contains(name) || aliases.stream().anyMatch(args::contains);
    }
  }

  private static final List<Entry> IMAGE_AND_SYSTEM_SHORTCUTS = List.of(
      new Entry("version", VersionCommand.class, VersionCommand::new),
      new Entry("build", BuildCommand.class, BuildCommand::new),
      new Entry("info", InfoCommand.class, InfoCommand::new),
      new Entry("images", ImagesCommand.class, ImagesCommand::new),
      new Entry("inspect", ContainerInspectCommand.class, ctx -> new ContainerInspectCommand(ctx, true)),
      new Entry("tag", TagCommand.class, TagCommand::new),
      new Entry("rmi", RmiCommand.class, RmiCommand::new),
      new Entry("history", HistoryCommand.class, HistoryCommand::new),
      new Entry("save", SaveCommand.class, SaveCommand::new),
      new Entry("load", LoadCommand.class, LoadCommand::new),
      new Entry("import", ImportCommand.class, ImportCommand::new),
      new Entry("pull", dev.berth.cli.registry.PullCommand.class, dev.berth.cli.registry.PullCommand::new),
      new Entry("push", dev.berth.cli.registry.PushCommand.class, dev.berth.cli.registry.PushCommand::new),
      new Entry("login", dev.berth.cli.registry.LoginCommand.class, dev.berth.cli.registry.LoginCommand::new),
      new Entry("logout", dev.berth.cli.registry.LogoutCommand.class, dev.berth.cli.registry.LogoutCommand::new),
      new Entry("events", EventsCommand.class, EventsCommand::new),
      new Entry("apply", dev.berth.cli.stack.ApplyCommand.class, dev.berth.cli.stack.ApplyCommand::new),
      new Entry("deploy", dev.berth.cli.deploy.DeployCommand.class, dev.berth.cli.deploy.DeployCommand::new));


  private static final String CONTAINER_DESCRIPTION = "Manage containers: run, create, start, stop, exec, logs, inspect, copy files, remove and prune them";
  private static final List<Entry> CONTAINER = List.of(
      new Entry("ls", PsCommand.class, PsCommand::new, "ps", "list"),
      new Entry("run", RunCommand.class, RunCommand::new),
      new Entry("create", CreateCommand.class, CreateCommand::new),
      new Entry("start", StartCommand.class, StartCommand::new),
      new Entry("stop", LifecycleCommands.Stop.class, LifecycleCommands.Stop::new),
      new Entry("restart", LifecycleCommands.Restart.class, LifecycleCommands.Restart::new),
      new Entry("kill", LifecycleCommands.Kill.class, LifecycleCommands.Kill::new),
      new Entry("pause", LifecycleCommands.Pause.class, LifecycleCommands.Pause::new),
      new Entry("unpause", LifecycleCommands.Unpause.class, LifecycleCommands.Unpause::new),
      new Entry("wait", LifecycleCommands.Wait.class, LifecycleCommands.Wait::new),
      new Entry("rm", LifecycleCommands.Rm.class, LifecycleCommands.Rm::new, "remove"),
      new Entry("inspect", ContainerInspectCommand.class, ContainerInspectCommand::new),
      new Entry("logs", LogsCommand.class, LogsCommand::new),
      new Entry("exec", ExecCommand.class, ExecCommand::new),
      new Entry("attach", AttachCommand.class, AttachCommand::new),
      new Entry("top", TopCommand.class, TopCommand::new),
      new Entry("stats", StatsCommand.class, StatsCommand::new),
      new Entry("cp", CpCommand.class, CpCommand::new),
      new Entry("port", dev.berth.cli.container.PortCommand.class, dev.berth.cli.container.PortCommand::new),
      new Entry("rename", RenameCommand.class, RenameCommand::new),
      new Entry("update", UpdateCommand.class, UpdateCommand::new),
      new Entry("prune", ContainerPruneCommand.class, ContainerPruneCommand::new),
      new Entry("commit", CommitCommand.class, CommitCommand::new));

  /** Container commands that also stand at the top level, as docker's do ({@code ps} for {@code ls}). */
  private static final Set<String> NOT_AT_TOP = Set.of("ls", "inspect", "prune");

  /**
   * The top-level commands: the image and system shortcuts, {@code ps}, and the container group's commands
   * under their own names (without the group's aliases such as {@code remove}).
   */
  private static final List<Entry> SHORTCUTS = java.util.stream.Stream.of(
          IMAGE_AND_SYSTEM_SHORTCUTS.stream(),
          java.util.stream.Stream.of(new Entry("ps", PsCommand.class, PsCommand::new)),
          CONTAINER.stream().filter(c -> !NOT_AT_TOP.contains(c.name())).map(c -> new Entry(c.name(), c.type(), c.factory())))
      .flatMap(x -> x)
      .toList();

  private static final String IMAGE_DESCRIPTION = "Manage images: build, list, inspect, tag, remove, save, load, import, prune and bootstrap them";
  private static final List<Entry> IMAGE = List.of(
      new Entry("build", BuildCommand.class, BuildCommand::new),
      new Entry("ls", ImagesCommand.class, ImagesCommand::new, "list"),
      new Entry("inspect", InspectCommand.class, InspectCommand::new),
      new Entry("tag", TagCommand.class, TagCommand::new),
      new Entry("rm", RmiCommand.class, RmiCommand::new, "remove"),
      new Entry("history", HistoryCommand.class, HistoryCommand::new),
      new Entry("save", SaveCommand.class, SaveCommand::new),
      new Entry("load", LoadCommand.class, LoadCommand::new),
      new Entry("import", ImportCommand.class, ImportCommand::new),
      new Entry("pull", dev.berth.cli.registry.PullCommand.class, dev.berth.cli.registry.PullCommand::new),
      new Entry("push", dev.berth.cli.registry.PushCommand.class, dev.berth.cli.registry.PushCommand::new),
      new Entry("prune", ImagePruneCommand.class, ImagePruneCommand::new),
      new Entry("bootstrap", BootstrapCommand.class, BootstrapCommand::new));

  private static final String SYSTEM_DESCRIPTION = "Manage Berth: disk usage, daemon information, events, pruning, the systemd unit and the stdio bridge for ssh";
  private static final List<Entry> SYSTEM = List.of(
      new Entry("df", DfCommand.class, DfCommand::new),
      new Entry("info", InfoCommand.class, InfoCommand::new),
      new Entry("events", EventsCommand.class, EventsCommand::new),
      new Entry("prune", SystemPruneCommand.class, SystemPruneCommand::new),
      new Entry("install", dev.berth.cli.system.SystemInstallCommand.class, dev.berth.cli.system.SystemInstallCommand::new),
      new Entry("dial-stdio", dev.berth.cli.system.DialStdioCommand.class, dev.berth.cli.system.DialStdioCommand::new));

  private static final String DOM0_DESCRIPTION = "Manage dom0, the image that sets up the host at boot: show what each boot did, roll back";
  private static final List<Entry> DOM0 = List.of(
      new Entry("status", dev.berth.cli.dom0.Dom0StatusCommand.class, dev.berth.cli.dom0.Dom0StatusCommand::new),
      new Entry("rollback", dev.berth.cli.dom0.Dom0RollbackCommand.class, dev.berth.cli.dom0.Dom0RollbackCommand::new));

  private static final String VOLUME_DESCRIPTION = "Manage volumes: create, list, inspect, remove and prune them";
  private static final List<Entry> VOLUME = List.of(
      new Entry("create", VolumeCreateCommand.class, VolumeCreateCommand::new),
      new Entry("ls", VolumeLsCommand.class, VolumeLsCommand::new, "list"),
      new Entry("inspect", VolumeInspectCommand.class, VolumeInspectCommand::new),
      new Entry("rm", VolumeRmCommand.class, VolumeRmCommand::new, "remove"),
      new Entry("prune", VolumePruneCommand.class, VolumePruneCommand::new));

  private static final String NETWORK_DESCRIPTION = "Manage networks: create, list, inspect, remove, connect and disconnect containers, prune";
  private static final List<Entry> NETWORK = List.of(
      new Entry("create", dev.berth.cli.network.NetworkCreateCommand.class, dev.berth.cli.network.NetworkCreateCommand::new),
      new Entry("ls", dev.berth.cli.network.NetworkLsCommand.class, dev.berth.cli.network.NetworkLsCommand::new, "list"),
      new Entry("inspect", dev.berth.cli.network.NetworkInspectCommand.class, dev.berth.cli.network.NetworkInspectCommand::new),
      new Entry("rm", dev.berth.cli.network.NetworkRmCommand.class, dev.berth.cli.network.NetworkRmCommand::new, "remove"),
      new Entry("connect", dev.berth.cli.network.NetworkConnectCommand.class, dev.berth.cli.network.NetworkConnectCommand::new),
      new Entry("disconnect", dev.berth.cli.network.NetworkDisconnectCommand.class, dev.berth.cli.network.NetworkDisconnectCommand::new),
      new Entry("prune", dev.berth.cli.network.NetworkPruneCommand.class, dev.berth.cli.network.NetworkPruneCommand::new));

  private static final String BUILDER_DESCRIPTION = "Manage builds: build images and prune the build cache";
  private static final List<Entry> BUILDER = List.of(
      new Entry("build", BuildCommand.class, BuildCommand::new),
      new Entry("prune", BuilderPruneCommand.class, BuilderPruneCommand::new));

  private static final String DOCKERFILE_DESCRIPTION = "Work with Dockerfiles locally: show how one is parsed";
  private static final List<Entry> DOCKERFILE = List.of(
      new Entry("parse", DockerfileParseCommand.class, DockerfileParseCommand::new));

  private static final String AMBASSADOR_DESCRIPTION = "Manage ambassadors (forwarding by berthd's proxy, or by the kernel with -e AMBASSADOR_MODE=nat): list their listeners and counters, retarget them live";
  private static final List<Entry> AMBASSADOR = List.of(
      new Entry("ls", dev.berth.cli.ambassador.AmbassadorLsCommand.class, dev.berth.cli.ambassador.AmbassadorLsCommand::new, "list"),
      new Entry("retarget", dev.berth.cli.ambassador.AmbassadorRetargetCommand.class, dev.berth.cli.ambassador.AmbassadorRetargetCommand::new));

  private static final String MANIFEST_DESCRIPTION = "Inspect what a registry holds: image manifests and manifest lists";
  private static final List<Entry> MANIFEST = List.of(
      new Entry("inspect", dev.berth.cli.registry.manifest.ManifestInspectCommand.class, dev.berth.cli.registry.manifest.ManifestInspectCommand::new));

  private static final String STACK_DESCRIPTION = "Manage stacks (applied with berth apply): list them, their containers and logs, take them down";
  private static final List<Entry> STACK = List.of(
      new Entry("ls", dev.berth.cli.stack.StackLsCommand.class, dev.berth.cli.stack.StackLsCommand::new, "list"),
      new Entry("ps", dev.berth.cli.stack.StackPsCommand.class, dev.berth.cli.stack.StackPsCommand::new),
      new Entry("logs", dev.berth.cli.stack.StackLogsCommand.class, dev.berth.cli.stack.StackLogsCommand::new),
      new Entry("down", dev.berth.cli.stack.StackDownCommand.class, dev.berth.cli.stack.StackDownCommand::new));

  private static final String COMPLETION = "completion";

  private Berth() {}

  /** Parses and runs {@code args}; returns the exit status (0 ok, 1 failure, 125 bad usage). */
  public static int run(CliContext ctx, String... args) {
    CommandLine cli = commandLine(ctx, args);
    try {
      return cli.execute(args);
    } finally {
      ctx.closeConnections();
      ctx.out().flush();
      ctx.err().flush();
    }
  }

  /** The full tree, every command built, wired to the context's streams and error handling. */
  public static CommandLine commandLine(CliContext ctx) {
    return build(ctx, entry -> true);
  }

  /**
   * The tree for these arguments: commands named among them are built in full, the others are stubs.
   * {@code completion} walks the whole tree, and an {@code @file} argument (picocli reads more arguments from
   * the file) may name any command, so either builds everything.
   */
  public static CommandLine commandLine(CliContext ctx, String... args) {
    Set<String> named = Set.of(distinct(args));
    if (named.contains(COMPLETION) || named.stream().anyMatch(a -> a.startsWith("@"))) return commandLine(ctx);
    return build(ctx, entry -> entry.namedIn(named));
  }

  private static String[] distinct(String[] args) {
    return java.util.Arrays.stream(args).distinct().toArray(String[]::new);
  }

  private static CommandLine build(CliContext ctx, Predicate<Entry> full) {
    CommandLine root = new CommandLine(new BerthCommand(ctx));
    SHORTCUTS.forEach(e -> add(root, e, ctx, full));
    root.addSubcommand("container", group(ctx, "container", CONTAINER_DESCRIPTION, CONTAINER, full));
    root.addSubcommand("builder", group(ctx, "builder", BUILDER_DESCRIPTION, BUILDER, full));
    root.addSubcommand("image", group(ctx, "image", IMAGE_DESCRIPTION, IMAGE, full));
    root.addSubcommand("system", group(ctx, "system", SYSTEM_DESCRIPTION, SYSTEM, full));
    root.addSubcommand("volume", group(ctx, "volume", VOLUME_DESCRIPTION, VOLUME, full));
    root.addSubcommand("network", group(ctx, "network", NETWORK_DESCRIPTION, NETWORK, full));
    root.addSubcommand("ambassador", group(ctx, "ambassador", AMBASSADOR_DESCRIPTION, AMBASSADOR, full));
    root.addSubcommand("stack", group(ctx, "stack", STACK_DESCRIPTION, STACK, full));
    root.addSubcommand("dockerfile", group(ctx, "dockerfile", DOCKERFILE_DESCRIPTION, DOCKERFILE, full));
    root.addSubcommand("manifest", group(ctx, "manifest", MANIFEST_DESCRIPTION, MANIFEST, full));
    root.addSubcommand("dom0", group(ctx, "dom0", DOM0_DESCRIPTION, DOM0, full));
    add(root, new Entry(COMPLETION, CompletionCommand.class, CompletionCommand::new), ctx, full);
    root.setOut(ctx.out()).setErr(ctx.err());
    root.setExecutionExceptionHandler(new ErrorReporter(ctx));
    root.setParameterExceptionHandler(ErrorReporter::usageError);
    root.setCaseInsensitiveEnumValuesAllowed(true);
    root.setUsageHelpWidth(100);
    root.setUsageHelpAutoWidth(true);
    return root;
  }

  private static CommandLine group(CliContext ctx, String name, String description, List<Entry> entries, Predicate<Entry> full) {
    Entry self = new Entry(name, GroupCommand.class, GroupCommand::new);
    if (!full.test(self)) return new CommandLine(stub(name, new String[] {description}));
    CommandLine group = new CommandLine(new GroupCommand(ctx));
    group.getCommandSpec().name(name).usageMessage().description(description);
    entries.forEach(e -> add(group, e, ctx, full));
    return group;
  }

  private static void add(CommandLine parent, Entry entry, CliContext ctx, Predicate<Entry> full) {
    String[] aliases = entry.aliases().toArray(String[]::new);
    CommandLine command;
    if (full.test(entry)) {
      Object user = entry.factory().apply(ctx);
      command = new CommandLine(user);
      // run IMAGE -c x: options after the image belong to the container's command
      if (user instanceof StopsAtPositional) command.setStopAtPositional(true);
    } else {
      command = new CommandLine(stub(entry.name(), entry.type().getAnnotation(Command.class).description()));
    }
    parent.addSubcommand(entry.name(), command, aliases);
  }

  /** A command that only names and describes itself, for the listing in its parent's help. */
  private static CommandSpec stub(String name, String[] description) {
    CommandSpec spec = CommandSpec.create().name(name);
    spec.usageMessage().description(description);
    return spec;
  }
}
