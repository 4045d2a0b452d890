package dev.berth.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiResponse;
import dev.berth.client.HijackedStream;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth attach}: the local terminal joins a running container's stdio until it exits or the user detaches. */
@Command(description = "Attach local standard input, output, and error streams to a running container")
public final class AttachCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = "--no-stdin", description = "Do not attach STDIN") boolean noStdin;

  @Option(names = "--detach-keys", paramLabel = "KEYS", description = "Override the key sequence for detaching a container") String detachKeys;

  @Option(names = "--sig-proxy", arity = "1", paramLabel = "BOOL", description = "Proxy all received signals to the process (default true)") boolean sigProxy = true;

  @Parameters(index = "0", paramLabel = "CONTAINER", description = "Container name or ID") String container;

  public AttachCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    byte[] keys = Attached.keys(detachKeys);
    try (ApiResponse wait = Containers.waitFor(ctx, container, null)) {
      JsonNode info = Containers.inspect(ctx, container);
      JsonNode state = info.path("State");
      if (!state.path("Running").asBoolean()) throw new CliException("You cannot attach to a stopped container, start it first");
      if (state.path("Paused").asBoolean()) throw new CliException("You cannot attach to a paused container, unpause it first");
      boolean tty = info.path("Config").path("Tty").asBoolean();
      boolean stdin = !noStdin && info.path("Config").path("OpenStdin").asBoolean();
      try (TerminalSession terminal = TerminalSession.open(ctx, tty, stdin);
          HijackedStream stream = Containers.attach(ctx, container, stdin, true, true, detachKeys)) {
        return Attached.follow(ctx, container, stream, tty, stdin, keys, wait, sigProxy);
      }
    }
  }
}
