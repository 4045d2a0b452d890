package dev.berth.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import dev.berth.client.ApiResponse;
import dev.berth.client.StreamFrames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth stack logs PROJECT [SERVICE...]}: the logs of the stack's containers, each line prefixed with
 * {@code <service>-<n> | } as Compose does. With {@code -f} every container is followed at once until all stop.
 */
@Command(description = "Show the logs of a stack's containers, each line prefixed with its service and container number")
public final class StackLogsCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "PROJECT", description = "The stack's project name")
  String project;

  @Parameters(index = "1..*", paramLabel = "SERVICE", description = "Only these services (default: all)")
  List<String> services = new ArrayList<>();

  @Option(names = {"-f", "--follow"}, description = "Follow log output")
  boolean follow;

  @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Number of lines to show from the end of each container's log (default \"all\")")
  String tail;

  public StackLogsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    List<JsonNode> containers = new ArrayList<>();
    for (JsonNode c : StackContainers.list(ctx, project, true)) {
      if (services.isEmpty() || services.contains(StackContainers.service(c))) containers.add(c);
    }
    if (containers.isEmpty()) throw new CliException("no containers for project " + project + (services.isEmpty() ? "" : " and services " + services));
    int width = containers.stream().mapToInt(c -> label(c).length()).max().orElse(0);
    if (!follow) {
      for (JsonNode c : containers) copy(c, width);
      return 0;
    }
    List<Thread> threads = new ArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
    for (JsonNode c : containers) threads.add(Thread.ofVirtual().start(() -> {
      try {
        copy(c, width);
      } catch (IOException | RuntimeException e) {
        failed.set(true);
        ctx.err().println("cannot read the logs of " + label(c) + ": " + e.getMessage());
      }
    }));
    for (Thread t : threads) t.join();
    return failed.get() ? 1 : 0;
  }

  private static String label(JsonNode c) {
    return StackContainers.service(c) + "-" + StackContainers.number(c);
  }

  private void copy(JsonNode c, int width) throws IOException {
    String id = c.path("Id").asText();
    String prefix = String.format("%-" + width + "s | ", label(c));
    boolean tty = ctx.client().json(ApiRequest.get("/containers/" + id + "/json").build()).path("Config").path("Tty").asBoolean();
    ApiRequest request = ApiRequest.get("/containers/" + id + "/logs")
        .flag("follow", follow).flag("stdout", true).flag("stderr", true).query("tail", tail).build();
    try (ApiResponse response = ctx.client().call(request);
        PrefixedLines out = new PrefixedLines(prefix, ctx.stdout());
        PrefixedLines err = new PrefixedLines(prefix, ctx.stderr())) {
      if (tty) StreamFrames.copyRaw(response.body(), out);
      else StreamFrames.demultiplex(response.body(), out, err);
    }
  }
}
