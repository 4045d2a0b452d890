package dev.berth.cli.network;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network connect NETWORK CONTAINER}: silent on success, as docker is. */
@Command(description = "Connect a container to a network")
public final class NetworkConnectCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "NETWORK", description = "Network name or ID")
  String network;

  @Parameters(index = "1", paramLabel = "CONTAINER", description = "Container name or ID")
  String container;

  @Option(names = "--alias", paramLabel = "ALIAS", description = "Add network-scoped alias for the container")
  List<String> aliases = new ArrayList<>();

  @Option(names = "--ip", paramLabel = "ADDRESS", description = "IPv4 address (e.g., 172.30.100.104)")
  String ip;

  public NetworkConnectCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    var mapper = DaemonClient.mapper();
    ObjectNode body = mapper.createObjectNode();
    body.put("Container", container);
    ObjectNode ep = body.putObject("EndpointConfig");
    if (ip != null) ep.putObject("IPAMConfig").put("IPv4Address", ip);
    ep.set("Aliases", mapper.valueToTree(aliases));
    ctx.client().send(ApiRequest.post("/networks/" + ApiRequest.encode(network) + "/connect")
        .body(new ByteArrayInputStream(mapper.writeValueAsBytes(body)), "application/json").build());
    return 0;
  }
}
