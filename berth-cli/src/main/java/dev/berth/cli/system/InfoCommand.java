package dev.berth.cli.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.format.NodeTemplate;
import dev.berth.cli.format.Units;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth info}: the client's side, then the daemon's ({@code GET /info}). */
@Command(description = "Display system-wide information: the client, and the daemon's images, storage driver and host")
public final class InfoCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Format output: 'json' or a Go template such as '{{.Driver}}'")
  String format;

  public InfoCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    ObjectNode client = VersionCommand.clientInfo(ctx);
    String template = ctx.formatText(format);
    if (template == null) {
      printClient(ctx.out(), client);
      ctx.out().flush();
    }
    JsonNode server = ctx.client().json(ApiRequest.get("/info").build());
    if (template == null) {
      printServer(ctx.out(), server);
      return 0;
    }
    ObjectNode all = server.isObject() ? ((ObjectNode) server).deepCopy() : client.objectNode();
    all.set("ClientInfo", client);
    ctx.out().println(template.equals("json") ? all.toString() : NodeTemplate.apply(template, all));
    return 0;
  }

  private void printClient(PrintWriter out, JsonNode c) {
    out.println("Client:");
    out.println(" Version:    " + c.path("Version").asText());
    out.println(" Host:       " + c.path("Host").asText());
    out.println(" Debug Mode: " + ctx.debug());
    out.println();
  }

  private static void printServer(PrintWriter out, JsonNode s) {
    out.println("Server:");
    out.println(" Containers: " + s.path("Containers").asLong());
    out.println("  Running: " + s.path("ContainersRunning").asLong());
    out.println("  Paused: " + s.path("ContainersPaused").asLong());
    out.println("  Stopped: " + s.path("ContainersStopped").asLong());
    out.println(" Images: " + s.path("Images").asLong());
    out.println(" Server Version: " + s.path("ServerVersion").asText());
    out.println(" Storage Driver: " + s.path("Driver").asText());
    for (JsonNode pair : s.path("DriverStatus")) {
      if (pair.size() == 2) out.println("  " + pair.get(0).asText() + ": " + pair.get(1).asText());
    }
    optional(out, "Kernel Version", s.path("KernelVersion").asText(""));
    optional(out, "Operating System", s.path("OperatingSystem").asText(""));
    optional(out, "OSType", s.path("OSType").asText(""));
    optional(out, "Architecture", s.path("Architecture").asText(""));
    if (s.has("NCPU")) out.println(" CPUs: " + s.path("NCPU").asLong());
    if (s.has("MemTotal")) out.println(" Total Memory: " + Units.binarySize(s.path("MemTotal").asLong()));
    optional(out, "Name", s.path("Name").asText(""));
    optional(out, "ID", s.path("ID").asText(""));
    optional(out, "Berth Root Dir", s.path("DockerRootDir").asText(""));
    if (s.has("Debug")) out.println(" Debug Mode: " + s.path("Debug").asBoolean());
  }

  private static void optional(PrintWriter out, String label, String value) {
    if (!value.isEmpty()) out.println(" " + label + ": " + value);
  }
}
