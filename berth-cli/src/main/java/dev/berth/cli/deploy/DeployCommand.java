package dev.berth.cli.deploy;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.cli.stack.StackFileOptions;
import dev.berth.cli.transfer.InFlightLines;
import dev.berth.cli.stack.StackFiles;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonHost;
import dev.berth.stack.Service;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth deploy}: sends a changeset (a stack file and the images its services use) to each host over
 * ssh, all hosts at once, and applies it there; then prints one summary row per host. {@code --dry-run} shows
 * each host's plan, {@code --rollback} re-applies each host's previous version, and {@code deploy history}
 * lists a host's versions. Exits 1 when any host failed.
 */
@Command(description = "Deploy a stack and its images to hosts over ssh: send only the blobs each host lacks, apply the stack there, all hosts at once",
    subcommands = DeployHistoryCommand.class)
public final class DeployCommand implements Callable<Integer> {
  final CliContext ctx;

  @Mixin HelpOption help;

  @Mixin StackFileOptions stackFile;

  @Option(names = "--dry-run", description = "Print each host's plan and the images it would be sent, and change nothing")
  boolean dryRun;

  @Option(names = "--rollback", description = "Re-apply each host's previous version of the project (see deploy history), sending nothing")
  boolean rollback;

  @Option(names = "--format", paramLabel = "FORMAT", description = "The summary: table (default), json (one object per host), or a Go template")
  String format;

  @Parameters(paramLabel = "HOST", arity = "0..*", description = "The hosts, as ssh://[USER@]HOST[:PORT] (as -H takes them)")
  List<String> hosts;

  public DeployCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    if (hosts == null || hosts.isEmpty()) throw new CliException("deploy: name at least one host, as ssh://[USER@]HOST[:PORT]");
    if (dryRun && rollback) throw new CliException("deploy: --dry-run and --rollback cannot be used together");
    if (rollback) return rollback();
    StackFiles.Loaded loaded = stackFile.load(ctx);
    List<String> images = images(loaded);
    if (dryRun) {
      forEachHost(host -> DryRun.show(host, ctx.client(), remote(host), loaded.project(), loaded.stack(), images, stackFile.removeOrphans()))
          .forEach(text -> ctx.out().print(text));
      return 0;
    }
    List<HostResult> results = forEachHost(host ->
        new HostDeploy(host, ctx.client(), remote(host), loaded.project(), loaded.stack(), images, stackFile.removeOrphans(), ctx.out(),
            inFlight(host)).call());
    return Summary.print(ctx, format, results);
  }

  private int rollback() throws Exception {
    String name = stackFile.project() != null ? stackFile.project() : StackFiles.load(ctx, stackFile.file(), null).project();
    List<HostResult> results = forEachHost(host -> HostRollback.run(host, remote(host), name, ctx.out()));
    return Summary.print(ctx, format, results);
  }

  /** Prints a host's layers in flight, each line prefixed with the host, throttled as push's are. */
  private InFlightLines inFlight(String host) {
    PrintWriter out = ctx.out();
    return new InFlightLines(ctx.clock(), ctx.terminals().stdout(), line -> {
      out.println(host + ": " + line);
      out.flush();
    });
  }

  /** The images the stack's services use, once each, in the file's order. */
  static List<String> images(StackFiles.Loaded loaded) {
    Set<String> out = new LinkedHashSet<>();
    for (Service s : loaded.stack().services()) out.add(s.image() != null ? s.image() : loaded.project() + "-" + s.name());
    return List.copyOf(out);
  }

  DaemonClient remote(String host) {
    DaemonHost parsed;
    try {
      parsed = DaemonHost.parse(host);
    } catch (RuntimeException e) {
      throw new CliException("deploy: invalid host '" + host + "': " + e.getMessage());
    }
    return new DaemonClient(parsed, ctx.transport(), ctx.env().get("DOCKER_API_VERSION"));
  }

  /** Runs {@code job} for every host at once, one virtual thread each; answers in the hosts' order. */
  <T> List<T> forEachHost(Function<String, T> job) throws InterruptedException {
    for (String host : hosts) remote(host); // a malformed host is refused before any host is touched
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<T>> futures = new ArrayList<>();
      for (String host : hosts) futures.add(threads.submit(() -> job.apply(host)));
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          throw new CliException("deploy: " + e.getCause().getMessage(), e.getCause());
        }
      }
      return out;
    }
  }

  /** A host's text, gathered whole so that hosts' outputs do not interleave. */
  static String captured(java.util.function.Consumer<PrintWriter> body) {
    StringWriter text = new StringWriter();
    try (PrintWriter w = new PrintWriter(text)) {
      body.accept(w);
    }
    return text.toString();
  }
}
