package dev.berth.cli.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.volume.VolumeCreateCommand;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network create}: prints the new network's ID, as docker does. */
@Command(description = "Create a network (a bridge; its subnet from the daemon's pool unless --subnet is given)")
public final class NetworkCreateCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(paramLabel = "NETWORK", description = "The network's name")
  String name;

  @Option(names = {"-d", "--driver"}, paramLabel = "DRIVER", defaultValue = "bridge", description = "Driver to manage the Network (default: ${DEFAULT-VALUE})")
  String driver;

  @Option(names = "--subnet", paramLabel = "CIDR", description = "Subnet in CIDR format that represents a network segment")
  String subnet;

  @Option(names = "--gateway", paramLabel = "IP", description = "IPv4 Gateway for the master subnet")
  String gateway;

  @Option(names = "--internal", description = "Restrict external access to the network")
  boolean internal;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set metadata on a network")
  List<String> labels;

  @Option(names = {"-o", "--opt"}, paramLabel = "KEY=VALUE", description = "Set driver specific options")
  List<String> opts;

  public NetworkCreateCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    var mapper = DaemonClient.mapper();
    ObjectNode body = mapper.createObjectNode();
    body.put("Name", name).put("Driver", driver).put("Internal", internal).put("CheckDuplicate", true);
    ObjectNode ipam = body.putObject("IPAM");
    ipam.put("Driver", "default");
    var config = ipam.putArray("Config");
    if (subnet != null || gateway != null) {
      ObjectNode c = config.addObject();
      if (subnet != null) c.put("Subnet", subnet);
      if (gateway != null) c.put("Gateway", gateway);
    }
    body.set("Options", mapper.valueToTree(VolumeCreateCommand.keyValues(opts)));
    body.set("Labels", mapper.valueToTree(VolumeCreateCommand.keyValues(labels)));
    JsonNode created = ctx.client().json(ApiRequest.post("/networks/create")
        .body(new ByteArrayInputStream(mapper.writeValueAsBytes(body)), "application/json").build());
    String warning = created.path("Warning").asText("");
    if (!warning.isEmpty()) ctx.err().println("WARNING: " + warning);
    ctx.out().println(created.path("Id").asText());
    return 0;
  }
}
