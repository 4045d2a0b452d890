package dev.berth.cli.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.format.NodeTemplate;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonClient;
import dev.berth.client.Versions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth version}: the client's side always, then the daemon's ({@code GET /version}). */
@Command(description = "Show the Berth version information of the client and of the daemon")
public final class VersionCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Format output: 'json' or a Go template such as '{{.Server.Version}}'")
  String format;

  public VersionCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    ObjectNode client = clientInfo(ctx);
    String template = ctx.formatText(format);
    if (template == null) {
      printClient(ctx.out(), client);
      ctx.out().flush();
    }
    JsonNode server = ctx.client().json(ApiRequest.get("/version").build());
    if (template == null) {
      printServer(ctx.out(), server);
      return 0;
    }
    ObjectNode both = DaemonClient.mapper().createObjectNode();
    both.set("Client", client);
    both.set("Server", server);
    ctx.out().println(template.equals("json") ? both.toString() : NodeTemplate.apply(template, both));
    return 0;
  }

  /** The client's facts; the API version is the negotiated one when the daemon answers. */
  static ObjectNode clientInfo(CliContext ctx) {
    ObjectNode client = DaemonClient.mapper().createObjectNode();
    client.put("Version", Versions.CLIENT_VERSION);
    String api;
    try {
      api = ctx.client().apiVersion();
    } catch (IOException e) {
      api = Versions.MAX_API_VERSION;
    }
    client.put("ApiVersion", api);
    client.put("DefaultAPIVersion", Versions.MAX_API_VERSION);
    client.put("JavaVersion", Runtime.version().toString());
    client.put("Os", System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT));
    client.put("Arch", goArch(System.getProperty("os.arch")));
    client.put("Host", ctx.host().uri());
    return client;
  }

  private static String goArch(String javaArch) {
    return switch (javaArch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> javaArch;
    };
  }

  private static void printClient(PrintWriter out, JsonNode c) {
    out.println("Client:");
    line(out, " ", "Version:", c.path("Version").asText());
    String api = c.path("ApiVersion").asText();
    String max = c.path("DefaultAPIVersion").asText();
    line(out, " ", "API version:", api + (Versions.compare(api, max) < 0 ? " (downgraded from " + max + ")" : ""));
    line(out, " ", "Java version:", c.path("JavaVersion").asText());
    line(out, " ", "OS/Arch:", c.path("Os").asText() + "/" + c.path("Arch").asText());
    line(out, " ", "Host:", c.path("Host").asText());
  }

  private static void printServer(PrintWriter out, JsonNode s) {
    out.println();
    out.println("Server: " + s.path("Platform").path("Name").asText("Berth Engine"));
    out.println(" Engine:");
    line(out, "  ", "Version:", s.path("Version").asText());
    String min = s.path("MinAPIVersion").asText("");
    line(out, "  ", "API version:", s.path("ApiVersion").asText() + (min.isEmpty() ? "" : " (minimum version " + min + ")"));
    optional(out, "Java version:", s.path("JavaVersion").asText(s.path("GoVersion").asText("")));
    optional(out, "Git commit:", s.path("GitCommit").asText(""));
    optional(out, "Built:", s.path("BuildTime").asText(""));
    line(out, "  ", "OS/Arch:", s.path("Os").asText() + "/" + s.path("Arch").asText());
    optional(out, "Kernel version:", s.path("KernelVersion").asText(""));
    for (JsonNode component : s.path("Components")) {
      String name = component.path("Name").asText("");
      if (name.isEmpty() || name.equals("Engine")) continue;
      out.println(" " + name + ":");
      line(out, "  ", "Version:", component.path("Version").asText(""));
      java.util.List<String> keys = new java.util.ArrayList<>();
      component.path("Details").fieldNames().forEachRemaining(keys::add);
      keys.sort(null);
      for (String key : keys) line(out, "  ", key + ":", component.path("Details").path(key).asText());
    }
  }

  private static void optional(PrintWriter out, String label, String value) {
    if (!value.isEmpty()) line(out, "  ", label, value);
  }

  /** A label padded so values line up in one column, as in docker's version template. */
  private static void line(PrintWriter out, String indent, String label, String value) {
    out.println(indent + label + " ".repeat(Math.max(1, 20 - indent.length() - label.length())) + value);
  }
}
