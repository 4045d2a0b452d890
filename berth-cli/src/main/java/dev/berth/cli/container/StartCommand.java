package dev.berth.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiResponse;
import dev.berth.client.DaemonException;
import dev.berth.client.HijackedStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth start}: starts each container; with {@code -a} (one container) it attaches first, as
 * {@code run} does, and exits with the container's status.
 */
@Command(description = "Start one or more stopped containers (-a: attach and exit with the container's status)")
public final class StartCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-a", "--attach"}, description = "Attach STDOUT/STDERR and forward signals") boolean attach;

  @Option(names = {"-i", "--interactive"}, description = "Attach container's STDIN") boolean interactive;

  @Option(names = "--detach-keys", paramLabel = "KEYS", description = "Override the key sequence for detaching a container") String detachKeys;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Container name or ID") List<String> containers;

  public StartCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    if (!attach && !interactive) return startEach();
    if (containers.size() > 1) throw new CliException("you cannot attach to multiple containers at once");
    byte[] keys = Attached.keys(detachKeys);
    String container = containers.getFirst();
    JsonNode info = Containers.inspect(ctx, container);
    boolean tty = info.path("Config").path("Tty").asBoolean();
    boolean stdin = interactive && info.path("Config").path("OpenStdin").asBoolean();
    try (TerminalSession terminal = TerminalSession.open(ctx, tty, stdin);
        HijackedStream stream = Containers.attach(ctx, container, stdin, true, true, detachKeys);
        ApiResponse wait = Containers.waitFor(ctx, container, "next-exit")) {
      try {
        Containers.start(ctx, container);
      } catch (DaemonException e) {
        ctx.err().println("Error response from daemon: " + e.getMessage());
        return Failures.startStatus(e);
      }
      return Attached.follow(ctx, container, stream, tty, stdin, keys, wait, true);
    }
  }

  private int startEach() throws IOException {
    int status = 0;
    for (String container : containers) {
      try {
        Containers.start(ctx, container);
        ctx.out().println(container);
      } catch (DaemonException e) {
        ctx.out().flush();
        ctx.err().println("Error response from daemon: " + e.getMessage());
        status = 1;
      }
    }
    return status;
  }
}
