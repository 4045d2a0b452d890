package dev.berth.cli.container;

import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.system.Timestamps;
import dev.berth.client.ApiRequest;
import dev.berth.client.ApiResponse;
import dev.berth.client.StreamFrames;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth logs}: the container's log, split into stdout and stderr from frames (or raw, for a TTY
 * container, which the daemon logs as one stream). {@code -f} follows until the container stops.
 */
@Command(description = "Fetch the logs of a container")
public final class LogsCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-f", "--follow"}, description = "Follow log output") boolean follow;
  @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Number of lines to show from the end of the logs (default \"all\")") String tail;
  @Option(names = "--since", paramLabel = "TIME", description = "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)") String since;
  @Option(names = "--until", paramLabel = "TIME", description = "Show logs before a timestamp or relative time") String until;
  @Option(names = {"-t", "--timestamps"}, description = "Show timestamps") boolean timestamps;
  @Option(names = "--details", description = "Show extra details provided to logs") boolean details;

  @Parameters(index = "0", paramLabel = "CONTAINER", description = "Container name or ID") String container;

  public LogsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    boolean tty = Containers.inspect(ctx, container).path("Config").path("Tty").asBoolean();
    Instant now = ctx.clock().instant();
    ApiRequest request = ApiRequest.get(Containers.path(container, "logs"))
        .flag("details", details).flag("follow", follow)
        .query("since", since == null ? null : Timestamps.toApi(since, now, ctx.zone()))
        .flag("stderr", true).flag("stdout", true).query("tail", tail).flag("timestamps", timestamps)
        .query("until", until == null ? null : Timestamps.toApi(until, now, ctx.zone()))
        .build();
    try (ApiResponse response = ctx.client().call(request)) {
      if (tty) StreamFrames.copyRaw(response.body(), ctx.stdout());
      else StreamFrames.demultiplex(response.body(), ctx.stdout(), ctx.stderr());
    }
    return 0;
  }
}
