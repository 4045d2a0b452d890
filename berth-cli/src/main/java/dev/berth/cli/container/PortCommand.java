package dev.berth.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code berth port CONTAINER [PRIVATE_PORT[/PROTO]]}: the published ports from inspect's
 * {@code NetworkSettings.Ports}, as docker prints them: {@code 80/tcp -> 0.0.0.0:8080} for all, only
 * {@code 0.0.0.0:8080} for one port.
 */
@Command(description = "List port mappings or a specific mapping for the container")
public final class PortCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "CONTAINER", description = "Container name or ID")
  String container;

  @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]", description = "Only this container port (tcp unless given)")
  String port;

  public PortCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    JsonNode c = ctx.client().json(ApiRequest.get("/containers/" + ApiRequest.encode(container) + "/json").build());
    JsonNode ports = c.path("NetworkSettings").path("Ports");
    if (port != null) {
      String key = port.contains("/") ? port : port + "/tcp";
      List<String> lines = bindings(ports.path(key));
      if (lines.isEmpty()) throw new CliException("Error: No public port '" + key + "' published for " + container);
      lines.forEach(ctx.out()::println);
      return 0;
    }
    List<String> lines = new ArrayList<>();
    ports.properties().forEach(e -> bindings(e.getValue()).forEach(b -> lines.add(e.getKey() + " -> " + b)));
    lines.forEach(ctx.out()::println);
    return 0;
  }

  /** {@code ip:port} for each binding; an IPv6 address in brackets. */
  private static List<String> bindings(JsonNode list) {
    List<String> out = new ArrayList<>();
    if (!list.isArray()) return out;
    for (JsonNode b : list) {
      String ip = b.path("HostIp").asText("");
      if (ip.isEmpty()) ip = "0.0.0.0";
      out.add((ip.contains(":") ? "[" + ip + "]" : ip) + ":" + b.path("HostPort").asText());
    }
    return out;
  }
}
